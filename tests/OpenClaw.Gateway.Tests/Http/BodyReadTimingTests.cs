using System.Diagnostics;
using System.Text;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Http;

/// <summary>
/// The request body's only clock is the spec's read timeout (http-api.md §2.4, <c>OpenClaw:Http:BodyReadTimeoutSeconds</c>,
/// 30 s): a pause Kestrel's minimum data rate would have cut after its 5 s grace is fine, and a client that stops or
/// trickles is still answered 408 in the OpenAI envelope once the timeout has passed. Real loopback sockets: the pauses
/// are the subject.
/// </summary>
public sealed class BodyReadTimingTests
{
    private const string TimeoutEnvelope = """{"error":{"message":"Request body timeout","type":"invalid_request_error"}}""";

    [Fact]
    public async Task ChatCompletions_BodyPausingSixSeconds_IsAnswered200()
    {
        // Arrange: default settings, so the 30 s read timeout applies.
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        await using var connection = await RawHttpConnection.OpenAsync(gateway);
        var body = HttpTestExtensions.ChatBody("after a pause");
        var half = body.Length / 2;

        // Act: Kestrel's default minimum rate (240 B/s after a 5 s grace) would fire during this pause.
        await connection.SendAsync(ChatHead(body) + body[..half]);
        await Task.Delay(TimeSpan.FromSeconds(6));
        await connection.SendAsync(body[half..]);
        var reply = await connection.ReadReplyAsync();

        // Assert
        reply.Should().StartWith("HTTP/1.1 200 OK");
        reply.Should().Contain("\"content\":\"echo: after a pause\"");
    }

    [Fact]
    public async Task ChatCompletions_BodyStoppingPastTheReadTimeout_Is408EnvelopeAndClose()
    {
        // Arrange
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly, ReadTimeout(2));
        await using var connection = await RawHttpConnection.OpenAsync(gateway);
        var body = HttpTestExtensions.ChatBody("never finished");
        var clock = Stopwatch.StartNew();

        // Act
        await connection.SendAsync(ChatHead(body) + body[..(body.Length / 2)]);
        var reply = await connection.ReadReplyAsync();

        // Assert
        reply.Should().StartWith("HTTP/1.1 408 Request Timeout");
        reply.Should().Contain("Connection: close");
        reply.Should().EndWith(TimeoutEnvelope);
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1.5), "the body timeout, not something sooner, answered");
    }

    [Fact]
    public async Task ChatCompletions_BodyTricklingPastTheReadTimeout_Is408()
    {
        // Arrange: one byte every 100 ms keeps the connection busy but would need 20 s for the whole body.
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly, ReadTimeout(2));
        await using var connection = await RawHttpConnection.OpenAsync(gateway);
        var body = HttpTestExtensions.ChatBody(new string('t', 200));
        await connection.SendAsync(ChatHead(body));
        using var stop = new CancellationTokenSource();
        var trickle = TrickleAsync(connection, body, stop.Token);

        // Act
        var reply = await connection.ReadReplyAsync();
        await stop.CancelAsync();
        await trickle;

        // Assert: the timeout bounds the whole read, not just the silences.
        reply.Should().StartWith("HTTP/1.1 408 Request Timeout");
        reply.Should().Contain("Connection: close");
        reply.Should().EndWith(TimeoutEnvelope);
    }

    private static Dictionary<string, string?> ReadTimeout(int seconds) =>
        new() { ["OpenClaw:Http:BodyReadTimeoutSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static string ChatHead(string body) =>
        RawHttpConnection.Head("POST", HttpTestExtensions.ChatPath, [$"Authorization: Bearer {TestConfigs.Token}", $"Content-Length: {Encoding.UTF8.GetByteCount(body)}"]);

    private static async Task TrickleAsync(RawHttpConnection connection, string body, CancellationToken stop)
    {
        try
        {
            foreach (var c in body)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
                await connection.SendAsync(c.ToString());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Stopped by the test, or the server already closed the connection after its 408.
        }
    }
}

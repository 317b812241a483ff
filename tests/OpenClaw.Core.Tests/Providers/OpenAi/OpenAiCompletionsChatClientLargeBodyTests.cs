using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

/// <summary>
/// Request bodies on both sides of <see cref="ProviderHttp.StreamedBodyBytes"/> through a real socket: a large one is
/// streamed (<see cref="StreamedJsonContent"/>), a smaller one sent from pooled segments; both arrive whole, with an
/// exact Content-Length.
/// </summary>
public sealed class OpenAiCompletionsChatClientLargeBodyTests : IAsyncLifetime
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        _upstream.Responder = _ => new FakeUpstreamResponse { Chunks = ["ok"] };
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Theory]
    [InlineData(ProviderHttp.StreamedBodyBytes / 2)]
    [InlineData(ProviderHttp.StreamedBodyBytes + 1)]
    [InlineData(3 * ProviderHttp.StreamedBodyBytes)]
    public async Task GetStreamingResponseAsync_Utf8PiecesMessage_ArrivesIntactWithExactContentLength(long bytes)
    {
        // Arrange: the user text as several UTF-8 pieces, each cut at a character boundary
        var text = Text(bytes);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var cut = Boundary(utf8, utf8.Length / 3);
        var pieces = PromptText.FromUtf8(utf8.AsMemory(0, cut), utf8.AsMemory(cut));
        var message = new ChatMessage(ChatRole.User, [new Utf8TextContent(PromptText.Concat("[Sun 2026-11-22 03:19 UTC] ", pieces))]);

        List<ChatMessage> messages = [new ChatMessage(ChatRole.System, "sys"), message];
        var streamed = ProviderHttp.EstimateBodyBytes(messages) >= ProviderHttp.StreamedBodyBytes;

        // Act
        var reply = await DrainAsync(messages);

        // Assert
        reply.Should().Be("ok");
        var request = await _upstream.WaitForRequestAsync(1);
        AssertExactLength(request);

        // A large body waits for the upstream's go-ahead, so an early refusal comes back as a status, not a reset.
        request.Header("Expect").Should().Be(streamed ? "100-continue" : null);
        var sent = request.Json!.RootElement.GetProperty("messages");
        sent[0].GetProperty("content").GetString().Should().Be("sys");
        sent[1].GetProperty("role").GetString().Should().Be("user");
        LargeText.ShouldEqual(sent[1].GetProperty("content").GetString(), "[Sun 2026-11-22 03:19 UTC] " + text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LargeStringMessage_ArrivesIntactWithExactContentLength()
    {
        // Arrange
        var text = Text(2 * ProviderHttp.StreamedBodyBytes);

        // Act
        await DrainAsync([new ChatMessage(ChatRole.User, text)]);

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        AssertExactLength(request);
        LargeText.ShouldEqual(request.Json!.RootElement.GetProperty("messages")[0].GetProperty("content").GetString(), text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LargeBodyRefusedBeforeItIsRead_IsTheUpstreamsStatus_NotAnUnreachableUpstream()
    {
        // Arrange: an upstream that answers 413 as soon as it has the headers and closes, without reading the body (a
        // proxy's client_max_body_size). Without waiting for a go-ahead the client would be writing the body into a
        // closed connection and report a broken pipe.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var refusing = RefuseAsync(listener);
        var endpoint = new OpenAiEndpoint("fake", new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/v1"), "sk-test", new Dictionary<string, string>());
        var client = new OpenAiCompletionsChatClient(_http, endpoint, new ProviderTimeouts());
        var text = Text(3 * ProviderHttp.StreamedBodyBytes);

        // Act
        var act = async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, text)], new ChatOptions { ModelId = "fake-model" }))
            {
            }
        };

        // Assert
        var ex = (await act.Should().ThrowAsync<ProviderException>()).Which;
        (ex.Reason, ex.Status, ex.Message).Should().Be((ProviderFailureReason.Format, (int?)413, "413 request entity too large"));
        await refusing;
    }

    private static async Task RefuseAsync(System.Net.Sockets.TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var seen = new List<byte>();
        var buffer = new byte[4096];
        while (!Encoding.ASCII.GetString([.. seen]).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None);
            if (read == 0)
            {
                return;
            }

            seen.AddRange(buffer.AsSpan(0, read));
        }

        const string body = """{"error":{"message":"request entity too large"}}""";
        var response = $"HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await socket.SendAsync(Encoding.ASCII.GetBytes(response), System.Net.Sockets.SocketFlags.None);
        socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
    }

    private static void AssertExactLength(RecordedUpstreamRequest request)
    {
        request.Header("Transfer-Encoding").Should().BeNull("the body has a known length");
        request.Header("Content-Length").Should().Be(Encoding.UTF8.GetByteCount(request.Body).ToString(CultureInfo.InvariantCulture));
        request.Json.Should().NotBeNull("the body is complete JSON");
    }

    /// <summary>About <paramref name="bytes"/> of UTF-8 with escapes, multi-byte characters and surrogate pairs.</summary>
    private static string Text(long bytes)
    {
        const string Unit = "wörds \"quoted\" €uro 😀\n\t\\ ";
        var repeat = (int)(bytes / Encoding.UTF8.GetByteCount(Unit)) + 1;
        return string.Concat(Enumerable.Repeat(Unit, repeat));
    }

    private static int Boundary(byte[] utf8, int at)
    {
        while ((utf8[at] & 0xC0) == 0x80)
        {
            at--;
        }

        return at;
    }

    private async Task<string> DrainAsync(List<ChatMessage> messages)
    {
        var client = new OpenAiCompletionsChatClient(
            _http, new OpenAiEndpoint("fake", _upstream.BaseUrl, "sk-test", new Dictionary<string, string>()), new ProviderTimeouts());
        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync(messages, new ChatOptions { ModelId = "fake-model" }))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}

using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>
/// A model that is slow but alive, on real loopback sockets: it is never cut off by a deadline it stays inside, its
/// call is made once, and a provider's own <c>timeoutSeconds</c> (the original's per-provider key) decides its waits.
/// The production defaults are checked in Core's ProviderTimeoutsTests; here they are scaled down to seconds.
/// </summary>
public sealed class SlowProviderTests
{
    /// <summary>Host defaults far below the model's pauses: only the provider's own timeoutSeconds can save it.</summary>
    private static readonly Dictionary<string, string?> TightHostDefaults = new()
    {
        ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "1",
        ["OpenClaw:Providers:FirstByteTimeoutSeconds"] = "1",
        ["OpenClaw:Providers:ChunkTimeoutSeconds"] = "1",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_SlowFirstByteAndLongPauses_WithinTheProvidersTimeoutSeconds_CompleteWithOneCall(bool stream)
    {
        // Arrange: 1.5 s to the headers and 1.5 s between chunks; the provider allows 3 s.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("slow ", "but ", "sure") with
        {
            DelayBeforeHeaders = TimeSpan.FromSeconds(1.5),
            DelayBetweenChunks = TimeSpan.FromSeconds(1.5),
        });
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main").Replace("apiKey: 'mock-local',", "apiKey: 'mock-local', timeoutSeconds: 3,", StringComparison.Ordinal),
            TightHostDefaults);
        using var client = gateway.CreateClient();

        // Act
        using var response = await client.PostRawAsync(HttpTestExtensions.ChatBody("take your time", "openclaw", stream: stream));
        var text = stream ? string.Join("", await response.SseDataAsync()) : await response.Content.ReadAsStringAsync();

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        text.Should().Contain("slow").And.Contain("sure").And.NotContain("\"error\"");
        upstream.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task ChatCompletions_PauseLongerThanTheProvidersTimeoutSecondsAfterText_IsATimeout_NotRetried()
    {
        // Arrange: output has started when the model goes silent for longer than the provider allows.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.HangAfter("thinking ", "hard");
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main").Replace("apiKey: 'mock-local',", "apiKey: 'mock-local', timeoutSeconds: 1,", StringComparison.Ordinal),
            new Dictionary<string, string?> { ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "60" });
        using var client = gateway.CreateClient();

        // Act
        var frames = await (await client.PostRawAsync(HttpTestExtensions.ChatBody("hurry", "openclaw", stream: true))).SseDataAsync();

        // Assert: the provider's 1 s wins over the host's 60 s; the streamed text stays, the call is not made again.
        frames.Should().Contain(f => f.Contains("\"content\":\"thinking\"", StringComparison.Ordinal));
        frames[^2].Should().Be("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
        upstream.ChatRequests.Should().HaveCount(1);
    }
}

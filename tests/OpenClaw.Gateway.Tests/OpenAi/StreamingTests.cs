using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class StreamingTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Stream_HasRoleChunk_NormalizedDeltas_OneFinish_AndDone_T20()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "stream ", "me ", "three ", "words"));

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("stream me three words", "openclaw/main", stream: true));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/event-stream; charset=utf-8");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        var frames = await response.SseDataAsync();
        frames[^1].Should().Be("[DONE]");
        var chunks = frames.SkipLast(1).Select(f => JsonDocument.Parse(f).RootElement).ToList();
        chunks.Select(c => c.GetProperty("id").GetString()).Distinct().Should().ContainSingle().Which.Should().StartWith("chatcmpl_");
        chunks.Select(c => c.GetProperty("created").GetInt64()).Distinct().Should().ContainSingle();
        chunks.Should().OnlyContain(c => c.GetProperty("object").GetString() == "chat.completion.chunk" && c.GetProperty("model").GetString() == "openclaw/main");
        chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetRawText()).Should().Equal(
            """{"role":"assistant"}""", """{"content":"echo:"}""", """{"content":" stream"}""", """{"content":" me"}""",
            """{"content":" three"}""", """{"content":" words"}""", "{}");
        chunks.Select(c => c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.Null ? null : "stop")
            .Should().Equal(null, null, null, null, null, null, "stop");
        frames.Should().NotContain(f => f.Contains("\"usage\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_FrameBytes_AreCompactDataLines()
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("raw", "openclaw/main", stream: true));

        var text = await response.Content.ReadAsStringAsync();
        text.Should().StartWith("data: {\"id\":\"chatcmpl_");
        text.Should().Contain("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\ndata: ");
        text.Should().EndWith("\n\ndata: [DONE]\n\n");
        text.Should().NotContain("event:").And.NotContain("id:").And.NotContain("\r");
    }

    [Fact]
    public async Task IncludeUsage_AddsOneUsageChunkBeforeDone_T21()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "usage ", "please") with { Usage = new FakeUsage(10336, 5) });

        var frames = await (await _fixture.CreateClient().PostRawAsync(
            HttpTestExtensions.ChatBody("usage please", "openclaw/main", stream: true, extra: "\"stream_options\":{\"include_usage\":true},"))).SseDataAsync();

        frames[^1].Should().Be("[DONE]");
        var usage = JsonDocument.Parse(frames[^2]).RootElement;
        usage.GetProperty("choices").GetArrayLength().Should().Be(0);
        usage.GetProperty("usage").GetRawText().Should().Be("""{"prompt_tokens":10336,"completion_tokens":5,"total_tokens":10341}""");
        JsonDocument.Parse(frames[^3]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        frames.Count(f => f.Contains("\"usage\"", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task IdenticalConsecutiveDeltas_AreKept()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("hi", "hi"));

        var frames = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true))).SseDataAsync();

        ContentOf(frames).Should().Be("hihi");
    }

    [Fact]
    public async Task LeadingWhitespace_IsNeverStreamed_T18()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("  ", " padded ", "reply  "));

        var frames = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true))).SseDataAsync();

        frames.Should().Contain(f => f.Contains("\"delta\":{\"content\":\"padded\"}", StringComparison.Ordinal));
        ContentOf(frames).Should().Be("padded reply");
    }

    [Fact]
    public async Task Emoji_AreStreamedAsUtf8_NotEscaped()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("😀 ok"));

        var text = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true))).Content.ReadAsStringAsync();

        text.Should().Contain("\"content\":\"😀 ok\"").And.NotContain("\\ud83d", "supplementary characters are written as UTF-8");
    }

    [Fact]
    public async Task SilentReply_StreamsNoResponseText()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("NO_", "REPLY"));

        var frames = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true))).SseDataAsync();

        ContentOf(frames).Should().Be("No response from OpenClaw.");
    }

    [Fact]
    public async Task RoleChunk_IsWrittenBeforeTheModelAnswers()
    {
        // Arrange: the upstream never sends its headers, so whatever reaches the client came before the model
        // answered (KeepAlive_WhenConfigured_WritesCommentsWhileIdle has a late answer that does arrive).
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl));
        var request = HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true));

        // Act
        using var response = await gateway.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        first.Should().Contain("\"delta\":{\"role\":\"assistant\"}");
        (await upstream.WaitForRequestAsync(1)).Completion.IsCompleted.Should().BeFalse("the model is still holding its answer");
    }

    [Fact]
    public async Task KeepAlive_WhenConfigured_WritesCommentsWhileIdle()
    {
        // Arrange: a 1 s keep-alive and an upstream that stays silent for 2.5 s.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("late") with { DelayBeforeHeaders = TimeSpan.FromSeconds(2.5) });
        await using var gateway = new GatewayFactory(TestConfigs.Upstream(upstream.BaseUrl), new Dictionary<string, string?> { ["OpenClaw:Http:SseKeepAliveSeconds"] = "1" });

        // Act
        var text = await (await gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true))).Content.ReadAsStringAsync();

        // Assert
        text.Should().Contain(": keepalive\n\n");
        text.Should().Contain("\"content\":\"late\"").And.EndWith("data: [DONE]\n\n");
    }

    [Fact]
    public async Task KeepAlive_IsOffByDefault()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("late") with { DelayBeforeHeaders = TimeSpan.FromSeconds(1.2) });

        var text = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true))).Content.ReadAsStringAsync();

        text.Should().NotContain("keepalive");
    }

    [Fact]
    public async Task StreamFalse_IsNotStreamed()
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", extra: "\"stream\":false,"));

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    private static string ContentOf(List<string> frames) => string.Concat(frames.SkipLast(1)
        .Select(f => JsonDocument.Parse(f).RootElement.GetProperty("choices"))
        .Where(c => c.GetArrayLength() > 0 && c[0].GetProperty("delta").TryGetProperty("content", out _))
        .Select(c => c[0].GetProperty("delta").GetProperty("content").GetString()));
}

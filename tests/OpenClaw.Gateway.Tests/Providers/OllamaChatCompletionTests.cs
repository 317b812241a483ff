using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary><c>POST /v1/chat/completions</c> answered by an agent whose model is on a native Ollama.</summary>
public sealed class OllamaChatCompletionTests : IAsyncLifetime
{
    private OllamaFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await OllamaFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task NonStreaming_AnswersWithOllamasTextStopAndUsage()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeOllamaResponse.Text("echo: ", "hello ", "from ", "ollama") with { Usage = new FakeUsage(26, 4) });

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hello from ollama", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.JsonAsync();
        var choice = body.GetProperty("choices")[0];
        choice.GetProperty("message").GetProperty("content").GetString().Should().Be("echo: hello from ollama");
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
        body.GetProperty("usage").GetRawText().Should().Be("""{"prompt_tokens":26,"completion_tokens":4,"total_tokens":30}""");
    }

    [Fact]
    public async Task NonStreaming_LengthDoneReason_KeepsTheTextAndFinishesStop()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeOllamaResponse.Text("cut ", "short") with { DoneReason = "length" });

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("long story", "openclaw/main"));

        // Assert: finish_reason is "stop" also for length-limited runs (http-api.md §4.11).
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var choice = (await response.JsonAsync()).GetProperty("choices")[0];
        choice.GetProperty("message").GetProperty("content").GetString().Should().Be("cut short");
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
    }

    [Fact]
    public async Task Streaming_SseCarriesTheTextOneStopFinishUsageAndDone()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeOllamaResponse.Text("echo: ", "stream ", "me") with { Usage = new FakeUsage(30, 3) });

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody(
            "stream me", "openclaw/main", stream: true, extra: "\"stream_options\":{\"include_usage\":true},"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var frames = await response.SseDataAsync();
        frames[^1].Should().Be("[DONE]");
        var chunks = frames.SkipLast(1).Select(f => JsonDocument.Parse(f).RootElement).ToList();
        chunks[0].GetProperty("choices")[0].GetProperty("delta").GetRawText().Should().Be("""{"role":"assistant"}""");
        string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var content) ? content.GetString() : "")).Should().Be("echo: stream me");
        chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("finish_reason"))
            .Where(f => f.ValueKind != JsonValueKind.Null).Select(f => f.GetString()).Should().Equal("stop");
        chunks[^1].GetProperty("usage").GetRawText().Should().Be("""{"prompt_tokens":30,"completion_tokens":3,"total_tokens":33}""");
    }

    [Fact]
    public async Task UpstreamRequest_IsTheNativeChatBody()
    {
        // Act
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("what is up", "openclaw/main"));

        // Assert
        var request = _fixture.Upstream.ChatRequests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/api/chat");
        request.Header("Authorization").Should().BeNull("the provider has no apiKey");
        var body = request.Json!.RootElement;
        body.EnumerateObject().Select(p => p.Name).Should().Equal("model", "messages", "stream", "tools", "options");
        body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString())
            .Should().BeEquivalentTo(["read", "write", "edit", "ls"], "the default tool profile");
        body.GetProperty("model").GetString().Should().Be(OllamaFixture.ModelId);
        body.GetProperty("stream").GetBoolean().Should().BeTrue();
        body.GetProperty("options").GetRawText().Should().Be("""{"num_predict":4096}""");
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("system", "user");
        UpstreamFixture.WithoutEnvelope(messages[1].GetProperty("content").GetString()!).Should().Be("what is up");
    }

    [Fact]
    public async Task BaseUrlEndingInV1_StillReachesTheNativeApi()
    {
        // Arrange
        await using var fixture = await OllamaFixture.StartAsync(baseUrlSuffix: "/v1");
        fixture.Upstream.Enqueue(FakeOllamaResponse.Text("native"));

        // Act
        var response = await fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("native");
        fixture.Upstream.Requests.Select(r => r.Path).Should().Equal("/api/chat");
    }
}

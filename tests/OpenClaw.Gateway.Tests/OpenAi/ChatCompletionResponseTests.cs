using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class ChatCompletionResponseTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task NonStreaming_HasTheOriginalShape()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "hello ", "from main") with { Usage = new FakeUsage(10336, 6) });

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hello from main", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        var body = await response.Content.ReadAsStringAsync();
        response.Content.Headers.ContentLength.Should().Be(System.Text.Encoding.UTF8.GetByteCount(body));
        body.Should().MatchRegex(
            "^\\{\"id\":\"chatcmpl_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\",\"object\":\"chat.completion\",\"created\":\\d{10},\"model\":\"openclaw/main\"," +
            "\"choices\":\\[\\{\"index\":0,\"message\":\\{\"role\":\"assistant\",\"content\":\"echo: hello from main\"\\},\"finish_reason\":\"stop\"\\}\\]," +
            "\"usage\":\\{\"prompt_tokens\":10336,\"completion_tokens\":6,\"total_tokens\":10342\\}\\}$");
        var created = (await response.JsonAsync()).GetProperty("created").GetInt64();
        created.Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 60);
    }

    [Fact]
    public async Task Usage_MapsCacheReadsIntoPromptTokens()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("ok") with { Usage = new FakeUsage(30, 5, CachedPromptTokens: 20, ReasoningTokens: 3) });

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"));

        (await response.JsonAsync()).GetProperty("usage").GetRawText().Should().Be(
            """{"prompt_tokens":30,"completion_tokens":5,"total_tokens":35,"prompt_tokens_details":{"cached_tokens":20},"completion_tokens_details":{"reasoning_tokens":3}}""");
    }

    [Fact]
    public async Task NonAscii_IsWrittenLiterally()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("é <b> & 'x' 日本 😀 \"q\" \\ \u0001\n"));

        var body = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"))).Content.ReadAsStringAsync();

        body.Should().Contain("\"content\":\"é <b> & 'x' 日本 😀 \\\"q\\\" \\\\ \\u0001\"", "JSON.stringify's escapes: short forms for quote and backslash, \\u00XX for other controls");
    }

    [Fact]
    public async Task LeadingAndTrailingWhitespace_AreTrimmed_T17()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("  padded ", "reply  "));

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"));

        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("padded reply");
    }

    [Fact]
    public async Task ByteOrderMark_BeforeTheJson_IsAccepted()
    {
        var response = await _fixture.CreateClient().PostRawAsync("\uFEFF" + HttpTestExtensions.ChatBody("bom", "openclaw/main"));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task SilentReply_IsNoResponseText()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("NO_", "REPLY"));

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"));

        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("No response from OpenClaw.");
    }

    [Fact]
    public async Task SamplingParams_AreForwardedUpstream_T55()
    {
        // Act
        await _fixture.CreateClient().PostRawAsync("""
            {"model":"openclaw/main","temperature":0.2,"top_p":0.9,"seed":7,"stop":"END","max_tokens":50,"frequency_penalty":0.5,"presence_penalty":-0.5,
             "response_format":{"type":"json_object"},"messages":[{"role":"user","content":"params"}]}
            """);

        // Assert
        var body = _fixture.Upstream.ChatRequests[0].Body;
        body.Should().StartWith("""{"model":"mock-model","messages":[""");
        body.Should().Contain(
            """],"stream":true,"stream_options":{"include_usage":true},"temperature":0.2,"top_p":0.9,"frequency_penalty":0.5,"presence_penalty":-0.5,"seed":7,"stop":["END"],"response_format":{"type":"json_object"},"tools":[{"type":"function","function":{"name":"read",""");
        body.Should().EndWith("""],"tool_choice":"auto","max_completion_tokens":50}""", "the agent's built-in tools (default profile) come before the token cap");
    }

    [Fact]
    public async Task WithoutParams_TheModelMaxTokensIsSent()
    {
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"));

        _fixture.Upstream.ChatRequests[0].Body.Should().Contain("""],"stream":true,"stream_options":{"include_usage":true},"tools":[""")
            .And.EndWith("""],"tool_choice":"auto","max_completion_tokens":4096}""");
        _fixture.Upstream.ChatRequests[0].Header("Authorization").Should().Be("Bearer mock-local");
    }

    [Fact]
    public async Task MaxCompletionTokens_WinsOverMaxTokens()
    {
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", extra: "\"max_tokens\":50,\"max_completion_tokens\":70,"));

        _fixture.Upstream.ChatRequests[0].Body.Should().EndWith("\"max_completion_tokens\":70}");
    }
}

using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>
/// <c>/v1/chat/completions</c> answered by an <c>anthropic-messages</c> provider (the fake Messages API on loopback).
/// Failures are scripted with a responder, not a queue, so every attempt fails alike whatever the runner's retry
/// policy; only status and body are asserted.
/// </summary>
public sealed class AnthropicMessagesTests : IAsyncLifetime
{
    private FakeAnthropicUpstream _upstream = null!;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeAnthropicUpstream.StartAsync();
        _gateway = new GatewayFactory(Config(_upstream.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task NonStreaming_AnswersWithTheTextFinishAndCacheAwareUsage()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["Hello ", "there"], Usage = new FakeAnthropicUsage(100, 20, CacheReadInputTokens: 30, CacheCreationInputTokens: 5) });

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi claude", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await response.JsonAsync();
        var choice = json.GetProperty("choices")[0];
        choice.GetProperty("message").GetProperty("content").GetString().Should().Be("Hello there");
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
        json.GetProperty("usage").GetRawText().Should().Be("""{"prompt_tokens":130,"completion_tokens":20,"total_tokens":155,"prompt_tokens_details":{"cached_tokens":30}}""");
    }

    [Fact]
    public async Task NonStreaming_SendsAMessagesRequestWithKeyVersionSystemAndUserTurn()
    {
        // Act
        await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi claude", "openclaw/main"));

        // Assert
        var request = _upstream.MessageRequests.Should().ContainSingle().Subject;
        request.Header("x-api-key").Should().Be("sk-ant-test");
        request.Header("anthropic-version").Should().Be("2023-06-01");
        var body = request.Json!.RootElement;
        body.GetProperty("model").GetString().Should().Be("claude-test");
        body.GetProperty("stream").GetBoolean().Should().BeTrue();
        body.GetProperty("max_tokens").GetInt32().Should().BeInRange(1, 4096);
        body.GetProperty("system").GetString().Should().NotBeNullOrEmpty();
        var messages = body.GetProperty("messages");
        messages[messages.GetArrayLength() - 1].GetProperty("role").GetString().Should().Be("user");
        UpstreamFixture.WithoutEnvelope(messages[messages.GetArrayLength() - 1].GetProperty("content").GetString()!).Should().Be("hi claude");
    }

    [Fact]
    public async Task Streaming_SendsTheDeltasFinishAndUsageChunk()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["Hello ", "there"], Usage = new FakeAnthropicUsage(100, 20, CacheReadInputTokens: 30, CacheCreationInputTokens: 5) });

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(
            HttpTestExtensions.ChatBody("hi claude", "openclaw/main", stream: true, extra: "\"stream_options\":{\"include_usage\":true},"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var frames = await response.SseDataAsync();
        frames[^1].Should().Be("[DONE]");
        var chunks = frames[..^1].Select(f => JsonDocument.Parse(f).RootElement).ToList();
        var text = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString()));
        text.Should().Be("Hello there");
        chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        chunks[^1].GetProperty("usage").GetRawText().Should().Be("""{"prompt_tokens":130,"completion_tokens":20,"total_tokens":155,"prompt_tokens_details":{"cached_tokens":30}}""");
    }

    [Fact]
    public async Task MaxTokensStop_IsStillFinishReasonStop()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["cut"], StopReason = "max_tokens" });

        // Act
        var json = await (await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("long please", "openclaw/main"))).JsonAsync();

        // Assert: http-api.md §4.11, finish_reason is "stop" also for length-limited runs.
        json.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("cut");
    }

    public static TheoryData<FakeAnthropicResponse, int, string> Failures() => new()
    {
        { FakeAnthropicResponse.Error(500), 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""" },
        { FakeAnthropicResponse.Error(529), 529, """{"error":{"message":"upstream provider overloaded","type":"api_error"}}""" },
        { FakeAnthropicResponse.Error(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"""), 401, """{"error":{"message":"401 invalid x-api-key","type":"authentication_error"}}""" },
        { FakeAnthropicResponse.InStreamError("overloaded_error", "Overloaded"), 529, """{"error":{"message":"upstream provider overloaded","type":"api_error"}}""" },
        { FakeAnthropicResponse.InStreamError("api_error", "Internal server error"), 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task UpstreamFailure_MapsToTheOpenAiEnvelope(FakeAnthropicResponse failure, int status, string body)
    {
        // Arrange
        _upstream.Responder = _ => failure;

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        ((int)response.StatusCode).Should().Be(status);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
    }

    [Fact]
    public async Task RateLimit_Is429WithTheProviderMessageAndRetryAfter()
    {
        // Arrange
        _upstream.Responder = _ => FakeAnthropicResponse.Error(
            429, """{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}""", retryAfter: "1");

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Header("Retry-After").Should().Be("1");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"429 Number of requests has exceeded your rate limit","type":"rate_limit_error"}}""");
    }

    [Fact]
    public async Task StreamingFailure_IsRoleChunk_ErrorFrame_Done()
    {
        // Arrange
        _upstream.Responder = _ => FakeAnthropicResponse.InStreamError("overloaded_error", "Overloaded");

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var frames = await response.SseDataAsync();
        frames.Should().HaveCount(3);
        frames[0].Should().Contain("\"delta\":{\"role\":\"assistant\"}");
        frames[1].Should().Be("""{"error":{"message":"upstream provider overloaded","type":"api_error"}}""");
        frames[2].Should().Be("[DONE]");
    }

    private static string Config(Uri upstream) => $$"""
        {
          gateway: { auth: { mode: 'token', token: '{{TestConfigs.Token}}' }, http: { endpoints: { chatCompletions: { enabled: true } } } },
          agents: {
            defaults: { model: { primary: 'claude/claude-test' }, heartbeat: { every: '0m' }, systemAgent: { agentId: 'main' } },
            entries: { main: { name: 'main' } },
          },
          models: {
            mode: 'replace',
            providers: {
              claude: {
                baseUrl: '{{upstream.AbsoluteUri.TrimEnd('/')}}', apiKey: 'sk-ant-test', api: 'anthropic-messages',
                models: [{ id: 'claude-test', name: 'Claude Test', input: ['text'], contextWindow: 200000, maxTokens: 4096 }],
              },
            },
          },
          update: { checkOnStart: false },
        }
        """;
}

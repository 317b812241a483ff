using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>
/// Ollama failures map to the OpenAI error envelope (http-api.md §4.14). Every request gets the same failure, so the
/// outcome does not depend on how many attempts the runner makes.
/// </summary>
public sealed class OllamaProviderFailureTests : IAsyncLifetime
{
    private OllamaFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await OllamaFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    public static TheoryData<int, string?, int, string> Mappings() => new()
    {
        { 500, null, 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""" },
        { 429, """{"error":"slow down"}""", 429, """{"error":{"message":"429 slow down","type":"rate_limit_error"}}""" },
        { 401, """{"error":"unauthorized"}""", 401, """{"error":{"message":"401 unauthorized","type":"authentication_error"}}""" },
        {
            404, """{"error":"model \"llama3.2\" not found, try pulling it first"}""",
            404, """{"error":{"message":"404 model \"llama3.2\" not found, try pulling it first","type":"invalid_request_error"}}"""
        },
        { 400, "bad request", 400, """{"error":{"message":"400 upstream returned HTTP 400","type":"invalid_request_error"}}""" },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task UpstreamStatus_MapsToTheOpenAiEnvelope(int upstreamStatus, string? upstreamBody, int status, string body)
    {
        // Arrange
        _fixture.Upstream.Responder = _ => FakeOllamaResponse.Error(upstreamStatus, upstreamBody);

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        ((int)response.StatusCode).Should().Be(status);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
    }

    [Fact]
    public async Task RateLimit_KeepsRetryAfter()
    {
        // Arrange: over the runner's 30 s retry ceiling, so no attempt waits on it.
        _fixture.Upstream.Responder = _ => FakeOllamaResponse.Error(429, """{"error":"server busy"}""", retryAfter: "45");

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Header("Retry-After").Should().Be("45");
        (await response.ErrorMessageAsync()).Should().Be("429 server busy");
    }

    [Fact]
    public async Task MalformedStream_IsUpstreamProviderErrorSayingWhatWasWrong()
    {
        // Arrange
        _fixture.Upstream.Responder = _ => FakeOllamaResponse.MalformedLine();

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"upstream provider sent a malformed response: a stream event is not valid JSON","type":"api_error"}}""");
    }

    [Fact]
    public async Task InStreamErrorLine_IsUpstreamProviderError()
    {
        // Arrange
        _fixture.Upstream.Responder = _ => FakeOllamaResponse.StreamError("model runner has unexpectedly stopped");

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"upstream provider error","type":"api_error"}}""");
    }

    [Fact]
    public async Task Streaming500_IsRoleChunk_ErrorFrame_Done()
    {
        // Arrange
        _fixture.Upstream.Responder = _ => FakeOllamaResponse.Error(500);

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var frames = await response.SseDataAsync();
        frames.Should().HaveCount(3);
        frames[0].Should().Contain("\"delta\":{\"role\":\"assistant\"}");
        frames[1].Should().Be("""{"error":{"message":"upstream provider error","type":"api_error"}}""");
        frames[2].Should().Be("[DONE]");
    }

    [Fact]
    public async Task StreamingMalformedLineAfterText_KeepsTheText_ThenOneProviderErrorFrame_NoFinish()
    {
        // Arrange
        _fixture.Upstream.Responder = _ => FakeOllamaResponse.MalformedLine("partial ", "answer");

        // Act
        var frames = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true))).SseDataAsync();

        // Assert
        frames[^1].Should().Be("[DONE]");
        frames[^2].Should().Be("""{"error":{"message":"upstream provider sent a malformed response: a stream event is not valid JSON","type":"api_error"}}""");
        frames.Count(f => f.StartsWith("{\"error\"", StringComparison.Ordinal)).Should().Be(1);
        frames.Should().Contain(f => f.Contains("\"content\":\"partial\"", StringComparison.Ordinal));
        frames.Should().NotContain(f => f.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedConnection_IsUpstreamTimeout()
    {
        // Arrange: the fake is gone, its port refuses connections.
        var port = _fixture.Upstream.Port;
        await _fixture.Upstream.DisposeAsync();

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout, $"nothing listens on port {port} any more");
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
    }
}

using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class ProviderFailureTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    public static TheoryData<int, string?, int, string> Mappings() => new()
    {
        { 500, null, 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""" },
        { 502, null, 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""" },
        { 503, null, 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""" },
        { 529, null, 529, """{"error":{"message":"upstream provider overloaded","type":"api_error"}}""" },
        { 429, """{"error":{"message":"slow down","type":"rate_limit"}}""", 429, """{"error":{"message":"429 slow down","type":"rate_limit_error"}}""" },
        { 401, """{"error":{"message":"bad key"}}""", 401, """{"error":{"message":"401 bad key","type":"authentication_error"}}""" },
        { 403, """{"error":{"message":"no access"}}""", 403, """{"error":{"message":"403 no access","type":"permission_error"}}""" },
        { 402, """{"error":{"message":"pay up"}}""", 402, """{"error":{"message":"402 pay up","type":"insufficient_quota"}}""" },
        { 400, """{"error":{"message":"context too long","code":"context_length_exceeded"}}""", 400, """{"error":{"message":"400 context too long","type":"invalid_request_error","code":"context_length_exceeded"}}""" },
        { 404, "<html>nope</html>", 404, """{"error":{"message":"404 <html>nope</html>","type":"invalid_request_error"}}""" },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task UpstreamStatus_MapsToTheOpenAiEnvelope(int upstreamStatus, string? upstreamBody, int status, string body)
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(upstreamStatus, upstreamBody));

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        ((int)response.StatusCode).Should().Be(status);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
    }

    [Fact]
    public async Task RateLimit_KeepsRetryAfter()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(429, """{"error":{"message":"mock upstream forced status 429"}}""", retryAfter: "7"));

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Header("Retry-After").Should().Be("7");
        (await response.ErrorMessageAsync()).Should().Be("429 mock upstream forced status 429");
    }

    [Fact]
    public async Task DroppedConnection_IsUpstreamTimeout()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Drop());

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
    }

    [Fact]
    public async Task RefusedConnection_IsUpstreamTimeout()
    {
        // Arrange: a port nothing listens on.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var gateway = new GatewayFactory(TestConfigs.Upstream(new Uri($"http://127.0.0.1:{port}/v1")));

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
    }

    [Fact]
    public async Task StreamingFailure_IsRoleChunk_ErrorFrame_Done_T77()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(500));

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var frames = await response.SseDataAsync();
        frames.Should().HaveCount(3);
        frames[0].Should().Contain("\"delta\":{\"role\":\"assistant\"}");
        frames[1].Should().Be("""{"error":{"message":"upstream provider error","type":"api_error"}}""");
        frames[2].Should().Be("[DONE]");
    }

    [Fact]
    public async Task FailureMidStream_KeepsStreamedContent_ThenOneErrorFrame_NoFinish()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.DropAfter("partial ", "answer ", "then"));

        var frames = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true))).SseDataAsync();

        frames[^1].Should().Be("[DONE]");
        frames[^2].Should().Be("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
        frames.Count(f => f.StartsWith("{\"error\"", StringComparison.Ordinal)).Should().Be(1);
        frames.Should().NotContain(f => f.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal));
        frames.Should().Contain(f => f.Contains("\"content\":\"partial\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedStream_IsAnError_NotAHang()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Raw("data: {not json\n\n", "text/event-stream"));

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
    }

    [Fact]
    public async Task FailedTurn_IsStillPersisted()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(500));

        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("kept", "openclaw/main", extra: "\"user\":\"failing\","));
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("again", "openclaw/main", extra: "\"user\":\"failing\","));

        var history = _fixture.UpstreamMessages(2);
        history.Select(m => m.Role).Should().Equal("system", "user", "user");
        UpstreamFixture.WithoutEnvelope(history[1].Content).Should().Be("kept");
    }
}

using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// Provider failures through <c>/v1/chat/completions</c>: the final status and envelope (http-api.md §4.14) and the
/// number of upstream attempts of the retry policy (agent-runtime.md §5.6). The fixture's retry pause is 20 ms.
/// </summary>
public sealed class ProviderFailureTests : IAsyncLifetime
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    public static TheoryData<int, string?, int, string, int> Mappings() => new()
    {
        { 500, null, 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""", 3 },
        { 502, "Bad Gateway", 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""", 3 },
        { 503, null, 502, """{"error":{"message":"upstream provider error","type":"api_error"}}""", 3 },
        { 529, null, 529, """{"error":{"message":"upstream provider overloaded","type":"api_error"}}""", 3 },
        { 429, """{"error":{"message":"slow down","type":"rate_limit"}}""", 429, """{"error":{"message":"429 slow down","type":"rate_limit_error"}}""", 3 },
        { 401, """{"error":{"message":"bad key"}}""", 401, """{"error":{"message":"401 bad key","type":"authentication_error"}}""", 1 },
        { 403, """{"error":{"message":"no access"}}""", 403, """{"error":{"message":"403 no access","type":"permission_error"}}""", 1 },
        { 402, """{"error":{"message":"pay up"}}""", 402, """{"error":{"message":"402 pay up","type":"insufficient_quota"}}""", 1 },
        { 400, """{"error":{"message":"context too long","code":"context_length_exceeded"}}""", 400, """{"error":{"message":"400 context too long","type":"invalid_request_error","code":"context_length_exceeded"}}""", 1 },
        { 404, "<html>nope</html>", 404, """{"error":{"message":"404 upstream returned HTTP 404","type":"invalid_request_error"}}""", 1 },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task UpstreamStatus_MapsToTheOpenAiEnvelope_AfterThePolicysAttempts(int upstreamStatus, string? upstreamBody, int status, string body, int attempts)
    {
        // Arrange: exactly as many failures as attempts are expected; one more call would get an answer.
        EnqueueFailures(FakeUpstreamResponse.Error(upstreamStatus, upstreamBody), attempts);

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        ((int)response.StatusCode).Should().Be(status);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
        _fixture.Upstream.ChatRequests.Should().HaveCount(attempts);
    }

    [Theory]
    [MemberData(nameof(Mappings))]
    public async Task UpstreamStatus_Streaming_IsRoleChunkErrorFrameDone_AfterThePolicysAttempts(int upstreamStatus, string? upstreamBody, int status, string body, int attempts)
    {
        // Arrange
        _ = status;
        EnqueueFailures(FakeUpstreamResponse.Error(upstreamStatus, upstreamBody), attempts);

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var frames = await response.SseDataAsync();
        frames.Should().HaveCount(3);
        frames[0].Should().Contain("\"delta\":{\"role\":\"assistant\"}");
        frames[1].Should().Be(body);
        frames[2].Should().Be("[DONE]");
        _fixture.Upstream.ChatRequests.Should().HaveCount(attempts);
    }

    [Fact]
    public async Task TransientFailure_ThenAnswer_IsA200FromTheRetry()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Drop(), FakeUpstreamResponse.Text("third ", "time"));

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("retry me", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"content\":\"third time\"");
        _fixture.Upstream.ChatRequests.Should().HaveCount(3);
    }

    [Fact]
    public async Task RateLimit_HonoursRetryAfter_AndKeepsItOnThe429()
    {
        // Arrange
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await UpstreamFixture.StartAsync(time: clock);
        fixture.Upstream.Enqueue(Enumerable.Repeat(FakeUpstreamResponse.Error(429, """{"error":{"message":"mock upstream forced status 429"}}""", retryAfter: "1"), 3).ToArray());
        var call = fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Act: each pause is armed after a failed attempt; the next attempt waits for the clock to pass it.
        var attemptsDuringPauses = new List<int>();
        for (var pause = 1; pause <= 2; pause++)
        {
            await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), pause);
            attemptsDuringPauses.Add(fixture.Upstream.ChatRequests.Count);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var response = await call.WaitAsync(CallLimit);

        // Assert: two waits of the provider's 1 s, not the fixture's 20 ms.
        attemptsDuringPauses.Should().Equal(1, 2);
        clock.ArmedCount(TimeSpan.FromMilliseconds(20)).Should().Be(0);
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Header("Retry-After").Should().Be("1");
        (await response.ErrorMessageAsync()).Should().Be("429 mock upstream forced status 429");
        fixture.Upstream.ChatRequests.Should().HaveCount(3);
    }

    [Fact]
    public async Task RateLimit_WithRetryAfterBeyond30Seconds_IsNotRetried()
    {
        // Arrange: the clock never moves, so a call that waited the 31 s would not end.
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await UpstreamFixture.StartAsync(time: clock);
        fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(429, """{"error":{"message":"come back later"}}""", retryAfter: "31"), FakeUpstreamResponse.Text("retried"));

        // Act
        var response = await fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main")).WaitAsync(CallLimit);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Header("Retry-After").Should().Be("31");
        fixture.Upstream.ChatRequests.Should().HaveCount(1);
        clock.ArmedCount(TimeSpan.FromSeconds(31)).Should().Be(0);
    }

    [Fact]
    public async Task ServerError_WithProductionPauses_WaitsOneThenTwoSecondsBetweenTheThreeAttempts()
    {
        // Arrange: the shipped policy, 1 s then 2 s between the three attempts.
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await UpstreamFixture.StartAsync(settings: new Dictionary<string, string?> { ["OpenClaw:Providers:RetryBaseDelayMilliseconds"] = "1000" }, time: clock);
        fixture.Upstream.Enqueue(Enumerable.Repeat(FakeUpstreamResponse.Error(500), 3).ToArray());
        var call = fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Act
        var attemptsDuringPauses = new List<int>();
        foreach (var pause in new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) })
        {
            await clock.WaitForTimerAsync(pause);
            attemptsDuringPauses.Add(fixture.Upstream.ChatRequests.Count);
            clock.Advance(pause);
        }

        var response = await call.WaitAsync(CallLimit);

        // Assert
        attemptsDuringPauses.Should().Equal(1, 2);
        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        fixture.Upstream.ChatRequests.Should().HaveCount(3);
    }

    [Fact]
    public async Task DroppedConnection_IsUpstreamTimeout_AfterThreeAttempts()
    {
        EnqueueFailures(FakeUpstreamResponse.Drop(), 3);

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
        _fixture.Upstream.ChatRequests.Should().HaveCount(3);
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
        var clock = Stopwatch.StartNew();

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HangBeforeHeaders_IsUpstreamTimeout_AfterOneFirstByteTimeout_NotRetried(bool stream)
    {
        // Arrange: the fake upstream is on loopback, a self-hosted provider; its deadline runs on the fake clock.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await UpstreamFixture.StartAsync(settings: new Dictionary<string, string?> { ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "1" }, time: clock);
        fixture.Upstream.Enqueue(Enumerable.Repeat(FakeUpstreamResponse.HangBeforeHeaders(), 3).ToArray());
        var call = fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: stream));
        await fixture.Upstream.WaitForRequestAsync(1);

        // Act: the deadline was armed before the request went out; it passes once.
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        var endedEarly = call.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var response = await call.WaitAsync(CallLimit);
        var text = stream ? string.Join("\n", await response.SseDataAsync()) : await response.Content.ReadAsStringAsync();

        // Assert: one deadline, not one per attempt (a provider that hangs once usually hangs again).
        endedEarly.Should().BeFalse();
        response.StatusCode.Should().Be(stream ? HttpStatusCode.OK : HttpStatusCode.RequestTimeout);
        text.Should().Contain("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
        fixture.Upstream.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task HangMidStreamAfterText_IsNotRetried_AndStreamsTheTextThenTheErrorFrame()
    {
        // Arrange
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await UpstreamFixture.StartAsync(settings: new Dictionary<string, string?> { ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "1" }, time: clock);
        fixture.Upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial ", "answer"));
        using var request = HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true));
        using var response = await fixture.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(CallLimit);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The text has reached the client before the clock moves: the deadline that fires is the between-chunks one.
        var seen = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync().WaitAsync(CallLimit) is { } line)
        {
            seen.Append(line).Append('\n');
            if (line.Contains("\"content\":\"partial", StringComparison.Ordinal))
            {
                break;
            }
        }

        // Act: the between-chunks deadline is re-armed from the clock's time at every read, possibly after a step;
        // the clock moves a deadline at a time until the call ends.
        var rest = reader.ReadToEndAsync();
        await clock.AdvanceUntilDoneAsync(TimeSpan.FromSeconds(1), rest);

        var frames = HttpTestExtensions.ParseSse(seen + await rest.WaitAsync(CallLimit));

        // Assert
        frames.Should().Contain(f => f.Contains("\"content\":\"partial\"", StringComparison.Ordinal));
        frames[^2].Should().Be("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
        frames[^1].Should().Be("[DONE]");
        fixture.Upstream.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task HangMidStreamBeforeAnyText_IsNotRetriedOnTheSameModel()
    {
        // Arrange: headers flushed, then nothing; a second attempt would answer.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await UpstreamFixture.StartAsync(settings: new Dictionary<string, string?> { ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "1" }, time: clock);
        fixture.Upstream.Enqueue(new FakeUpstreamResponse { HangAfterChunks = 0 }, FakeUpstreamResponse.Text("second"));
        var call = fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main"));
        await fixture.Upstream.WaitForRequestAsync(1);

        // Act
        await clock.AdvanceUntilDoneAsync(TimeSpan.FromSeconds(1), call);
        var response = await call.WaitAsync(CallLimit);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
        fixture.Upstream.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task FailureMidStream_KeepsStreamedContent_ThenOneErrorFrame_NoFinish_NoRetry()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.DropAfter("partial ", "answer ", "then"));

        var frames = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: true))).SseDataAsync();

        frames[^1].Should().Be("[DONE]");
        frames[^2].Should().Be("""{"error":{"message":"upstream provider timeout","type":"api_error"}}""");
        frames.Count(f => f.StartsWith("{\"error\"", StringComparison.Ordinal)).Should().Be(1);
        frames.Should().NotContain(f => f.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal));
        frames.Should().Contain(f => f.Contains("\"content\":\"partial\"", StringComparison.Ordinal));
        _fixture.Upstream.ChatRequests.Should().HaveCount(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MalformedStream_IsAProviderErrorSayingWhatWasWrong_NotATimeout(bool stream)
    {
        EnqueueFailures(FakeUpstreamResponse.Raw("data: {not json\n\n", "text/event-stream"), 3);

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("fail", "openclaw/main", stream: stream));
        var text = stream ? string.Join("\n", await response.SseDataAsync()) : await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(stream ? HttpStatusCode.OK : HttpStatusCode.BadGateway);
        text.Should().Contain("""{"error":{"message":"upstream provider sent a malformed response: a stream event is not valid JSON","type":"api_error"}}""");
        _fixture.Upstream.ChatRequests.Should().HaveCount(3);
    }

    [Fact]
    public async Task FailedTurn_IsStillPersisted()
    {
        EnqueueFailures(FakeUpstreamResponse.Error(500), 3);

        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("kept", "openclaw/main", extra: "\"user\":\"failing\","));
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("again", "openclaw/main", extra: "\"user\":\"failing\","));

        var history = _fixture.UpstreamMessages(4);
        // The failed turn is unanswered, so the next one is merged into it rather than sent as a second user message.
        history.Select(m => m.Role).Should().Equal("system", "user");
        UpstreamFixture.WithoutEnvelope(history[1].Content).Should().StartWith("kept\n\n[").And.EndWith("] again");
    }

    private void EnqueueFailures(FakeUpstreamResponse failure, int count) =>
        _fixture.Upstream.Enqueue(Enumerable.Repeat(failure, count).ToArray());
}

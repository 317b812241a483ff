using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>
/// A provider that accepts connections and never answers, on real loopback sockets: each run pays one deadline (no
/// retries of a stall), the provider's circuit opens, later runs are refused at once with a 503 and
/// <c>Retry-After</c>, and the probes and WebSocket health reports name the provider. The gateway runs on a
/// <see cref="FakeTimeProvider"/>: a deadline passes when a test moves the clock, and not before.
/// </summary>
public sealed class HungProviderTests
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // The fake upstream listens on loopback: a self-hosted provider.
        ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "1",
        ["OpenClaw:Providers:CircuitBreaker:FailureThreshold"] = "2",
        ["OpenClaw:Providers:CircuitBreaker:BreakSeconds"] = "120",
    };

    [Fact]
    public async Task ChatCompletions_ProviderHangs_CircuitOpensAndLaterRunsAreRefusedAtOnce()
    {
        // Arrange
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main", extraDefaults: "maxConcurrent: 2"), Settings, time: clock);
        using var client = gateway.CreateClient();

        // Act: two runs hang at once; one deadline (1 s) passes for both; a third run comes after them.
        var hanging = Task.WhenAll(
            client.PostRawAsync(HttpTestExtensions.ChatBody("one", "openclaw")),
            client.PostRawAsync(HttpTestExtensions.ChatBody("two", "openclaw")));
        await upstream.WaitForRequestAsync(2);
        clock.Advance(TimeSpan.FromSeconds(1));
        var hung = await hanging.WaitAsync(CallLimit);
        using var refused = await client.PostRawAsync(HttpTestExtensions.ChatBody("three", "openclaw")).WaitAsync(CallLimit);

        // Assert: one deadline per run, not one per attempt; the refusal needed no time at all.
        hung.Select(r => r.StatusCode).Should().Equal(HttpStatusCode.RequestTimeout, HttpStatusCode.RequestTimeout);
        upstream.ChatRequests.Should().HaveCount(2);
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        int.Parse(refused.Header("Retry-After"), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(100, 120);
        var error = (await refused.JsonAsync()).GetProperty("error");
        (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()).Should().Be(("service_unavailable", "circuit_open"));
        error.GetProperty("message").GetString().Should().StartWith("upstream provider mock is unavailable after repeated failures; retry after ");
        foreach (var response in hung)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Probes_ProviderCircuitOpen_ReadyzAndWebSocketHealthAndStatusNameIt()
    {
        // Arrange
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main"), Settings, time: clock);
        using var client = gateway.CreateClient();
        foreach (var (text, requests) in new[] { ("one", 1), ("two", 2) })
        {
            var hanging = client.PostRawAsync(HttpTestExtensions.ChatBody(text, "openclaw"));
            await upstream.WaitForRequestAsync(requests);
            clock.Advance(TimeSpan.FromSeconds(1));
            (await hanging.WaitAsync(CallLimit)).Dispose();
        }

        // Act
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        await using var socket = await WsTestClient.ConnectedAsync(gateway);
        var health = await socket.CallAsync("health", """{"probe":true}""");
        var status = await socket.CallAsync("status");

        // Assert: still ready (the provider is shared by every instance), but the provider is named.
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        var readyProvider = (await ready.JsonAsync()).GetProperty("providers").EnumerateArray().Single();
        (readyProvider.GetProperty("id").GetString(), readyProvider.GetProperty("state").GetString(), readyProvider.GetProperty("consecutiveFailures").GetInt32())
            .Should().Be(("mock", "open", 2));
        readyProvider.GetProperty("lastFailure").GetString().Should().Be("timeout");
        readyProvider.GetProperty("retryAfterMs").GetInt64().Should().BeInRange(1, 120_000);
        foreach (var report in new[] { health, status })
        {
            var row = report.GetProperty("providers").EnumerateArray().Single();
            (row.GetProperty("id").GetString(), row.GetProperty("state").GetString()).Should().Be(("mock", "open"));
        }
    }

    [Fact]
    public async Task ChatCompletions_GlobalLaneFullPastTheQueueTimeout_Is503WithRetryAfter()
    {
        // Arrange: one slot, held by a run on a hung provider whose deadline (300 s, self-hosted) is far away; a queue
        // timeout longer than the test may wait in real time, so only the fake clock can make it pass.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main", extraDefaults: "maxConcurrent: 1"),
            new Dictionary<string, string?> { ["OpenClaw:Runs:QueueTimeoutSeconds"] = "60" },
            time: clock);
        using var client = gateway.CreateClient();
        using var holder = new CancellationTokenSource();
        var holding = client.SendAsync(HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("first", "openclaw")), holder.Token);
        await upstream.WaitForRequestAsync(1);

        // Act: the second run queues at some moment of the clock; move it on until the queue timeout has passed.
        var queued = client.PostRawAsync(HttpTestExtensions.ChatBody("second", "openclaw"));
        var advanced = await clock.AdvanceUntilDoneAsync(TimeSpan.FromSeconds(5), queued, maxSteps: 200);

        using var response = await queued.WaitAsync(CallLimit);

        // Assert
        advanced.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(60));
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Header("Retry-After").Should().Be("60");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"the gateway is busy: no run slot freed within 60s","type":"service_unavailable","code":"queue_timeout"}}""");
        upstream.ChatRequests.Should().HaveCount(1);
        await holder.CancelAsync();
        await FluentActions.Awaiting(() => holding).Should().ThrowAsync<OperationCanceledException>();
    }
}

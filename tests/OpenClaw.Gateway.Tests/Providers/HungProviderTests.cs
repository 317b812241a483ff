using System.Diagnostics;
using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>
/// A provider that accepts connections and never answers, on real loopback sockets: each run pays one deadline (no
/// retries of a stall), the provider's circuit opens, later runs are refused at once with a 503 and
/// <c>Retry-After</c>, and the probes and WebSocket health reports name the provider.
/// </summary>
public sealed class HungProviderTests
{
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
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main", extraDefaults: "maxConcurrent: 2"), Settings);
        using var client = gateway.CreateClient();

        // Act: two runs hang at once and time out; a third comes after them.
        var clock = Stopwatch.StartNew();
        var hung = await Task.WhenAll(
            client.PostRawAsync(HttpTestExtensions.ChatBody("one", "openclaw")),
            client.PostRawAsync(HttpTestExtensions.ChatBody("two", "openclaw")));
        var hungFor = clock.Elapsed;
        clock.Restart();
        using var refused = await client.PostRawAsync(HttpTestExtensions.ChatBody("three", "openclaw"));
        var refusedIn = clock.Elapsed;

        // Assert
        hung.Select(r => r.StatusCode).Should().Equal(HttpStatusCode.RequestTimeout, HttpStatusCode.RequestTimeout);
        hungFor.Should().BeLessThan(TimeSpan.FromSeconds(8), "one 1 s deadline per run, not one per attempt");
        upstream.ChatRequests.Should().HaveCount(2);
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refusedIn.Should().BeLessThan(TimeSpan.FromSeconds(1));
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
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main"), Settings);
        using var client = gateway.CreateClient();
        (await client.PostRawAsync(HttpTestExtensions.ChatBody("one", "openclaw"))).Dispose();
        (await client.PostRawAsync(HttpTestExtensions.ChatBody("two", "openclaw"))).Dispose();

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
        // Arrange: one slot, held by a run on a hung provider whose deadline is far away.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main", extraDefaults: "maxConcurrent: 1"),
            new Dictionary<string, string?> { ["OpenClaw:Runs:QueueTimeoutSeconds"] = "1" });
        using var client = gateway.CreateClient();
        using var holder = new CancellationTokenSource();
        var holding = client.SendAsync(HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("first", "openclaw")), holder.Token);
        await upstream.WaitForRequestAsync(1);

        // Act
        var clock = Stopwatch.StartNew();
        using var response = await client.PostRawAsync(HttpTestExtensions.ChatBody("second", "openclaw"));

        // Assert
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(0.9)).And.BeLessThan(TimeSpan.FromSeconds(8));
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Header("Retry-After").Should().Be("1");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"the gateway is busy: no run slot freed within 1s","type":"service_unavailable","code":"queue_timeout"}}""");
        upstream.ChatRequests.Should().HaveCount(1);
        await holder.CancelAsync();
        await FluentActions.Awaiting(() => holding).Should().ThrowAsync<OperationCanceledException>();
    }
}

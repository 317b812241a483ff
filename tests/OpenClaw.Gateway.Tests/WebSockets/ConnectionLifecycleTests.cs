using System.Diagnostics;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary><c>tick</c> and <c>shutdown</c> events and the close on stop (gateway-protocol.md §5, §5.3, §7, §8 item 9).</summary>
public sealed class ConnectionLifecycleTests
{
    [Fact]
    public async Task Tick_IsSentEveryTickInterval_WithTs_AndPerConnectionSeq()
    {
        // Arrange
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.EchoOnly, (WsGateway.TickInterval, "200"));
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(200));
        var start = clock.GetUtcNow().ToUnixTimeMilliseconds();

        // Act: one tick per interval the clock passes.
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var first = await client.ReceiveEventAsync("tick");
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var second = await client.ReceiveEventAsync("tick");

        // Assert
        first.GetProperty("payload").Keys().Should().Equal("ts");
        first.GetProperty("payload").Long("ts").Should().Be(start + 200);
        second.GetProperty("payload").Long("ts").Should().Be(start + 400);
        second.Long("seq").Should().BeGreaterThan(first.Long("seq")!.Value);
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Tick_GoesToEveryConnection_WhateverItsScopes()
    {
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.EchoOnly, (WsGateway.TickInterval, "200"));
        await using var client = await WsTestClient.ConnectedAsync(gateway, scopes: ["operator.approvals"]);
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(200));

        clock.Advance(TimeSpan.FromMilliseconds(200));
        var tick = await client.ReceiveEventAsync("tick");

        tick.Long("seq").Should().BePositive();
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Health_WhenTheSummaryChanges_IsBroadcastWithAnIncrementedStateVersion()
    {
        // Arrange: "at most every 60 s" shortened through the host setting of the broadcast interval.
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, (WsGateway.HealthBroadcast, "200"));
        await using var client = await WsTestClient.OpenAsync(gateway);
        var hello = await client.ConnectAsync();
        var version = hello.GetProperty("snapshot").GetProperty("stateVersion").Long("health")!.Value;

        // Act: a new session changes the summary.
        await gateway.HttpChatAsync("health-event", "hi");
        var health = await client.ReceiveEventAsync("health", p => p.GetProperty("sessions").Long("count") >= 1, TimeSpan.FromSeconds(5));

        // Assert
        health.Keys().Should().Equal("type", "event", "payload", "seq", "stateVersion");
        health.GetProperty("stateVersion").Long("health").Should().BeGreaterThan(version);
        health.GetProperty("stateVersion").Long("presence").Should().NotBeNull();
        health.GetProperty("payload").GetProperty("sessions").Items("recent").Select(r => r.Str("key")).Should().Contain("agent:main:openai-user:health-event");
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Health_WhenNothingChanges_IsNotBroadcast()
    {
        // Arrange
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.EchoOnly, (WsGateway.HealthBroadcast, "100"));
        await using var client = await WsTestClient.OpenAsync(gateway);
        var hello = await client.ConnectAsync();
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(100));

        // Act: an interval passes with nothing changed; then a new session changes the summary and another passes.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await gateway.HttpChatAsync("health-quiet", "hi");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await client.ReceiveEventAsync("health", p => p.GetProperty("sessions").Long("count") >= 1);

        // Assert: a broadcast of the quiet interval would have come first (one connection's frames keep their order).
        var stale = client.Events
            .Where(e => e.Str("event") == "health" && e.GetProperty("payload").GetProperty("sessions").Long("count") == 0)
            .Select(e => e.GetRawText()).ToList();
        stale.Should().BeEmpty($"health is broadcast when it changes (§5.3); the snapshot had {hello.GetProperty("snapshot").GetProperty("stateVersion").GetRawText()}");
    }

    [Fact]
    public async Task Tick_IsNotSentBeforeTheHandshake()
    {
        // Arrange: one connection past the handshake, one not.
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.EchoOnly, (WsGateway.TickInterval, "100"));
        await using var connected = await WsTestClient.ConnectedAsync(gateway);
        await using var client = await WsTestClient.OpenAsync(gateway);
        await client.ReceiveAsync();
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(100));

        // Act: a tick reaches the connected client; only then does the other one send its connect.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await connected.ReceiveEventAsync("tick");
        var hello = await client.RequestAsync("connect", WsTestClient.ConnectParams().ToJsonString());

        // Assert: a tick sent to it would have come before its hello-ok.
        hello.Bool("ok").Should().BeTrue(hello.GetRawText());
        client.Frames.Select(f => f.Str("event") ?? f.Str("type")).Should().Equal(["connect.challenge", "res"], "events start after hello-ok");
    }

    [Fact]
    public async Task Stop_RefusesNewRequests_ButLetsAnInFlightRunAnswerBeforeClosing()
    {
        // Arrange: a run that needs about a second more after the stop begins.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("one ", "two ", "three ", "four") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(300) });
        var gateway = await WsGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main"));
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        var id = await client.SendRequestAsync("agent", """{"message":"go","idempotencyKey":"drain-1"}""");
        await client.ResponseAsync(id);
        await client.ReceiveAgentEventAsync("drain-1", p => p.Str("stream") == "assistant");

        // Act
        var stopping = gateway.DisposeAsync().AsTask();
        await client.ReceiveEventAsync("shutdown");
        var refused = await client.RequestAsync("health");
        var final = await client.ResponseAsync(id);
        var (status, _) = await client.WaitForCloseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));

        // Assert
        var error = refused.Error();
        error.Str("code").Should().Be("UNAVAILABLE");
        error.Str("message").Should().Be("gateway is shutting down");
        error.Bool("retryable").Should().BeTrue();
        final.Bool("ok").Should().BeTrue(final.GetRawText());
        final.GetProperty("payload").Str("status").Should().Be("ok", "in-flight responses get up to 5 s (§5.3)");
        ((int?)status).Should().Be(1001);
    }

    [Fact]
    public async Task SlowConsumer_WhoseQueueExceedsMaxBufferedBytes_IsClosed1008SlowConsumer()
    {
        // Arrange: a 1 MB outbound limit, and a client that stops reading. The close may wait behind unread frames for
        // as long as this client keeps sending (on a loaded machine, longer than the default 2 s): the test is about
        // the close the gateway sends, not about when it gives up on an unread one.
        await using var gateway = await WsGateway.StartAsync(
            TestConfigs.EchoOnly, (WsGateway.MaxBuffered, "1000000"), ("OpenClaw:WebSocket:CloseHandshakeTimeoutMilliseconds", "60000"));
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        client.PauseReading();
        var longId = new string('x', 60_000);

        // Act: each error response echoes its 60 KB id, 30 MB in all, far more than the socket buffers hold.
        try
        {
            for (var i = 0; i < 500 && !client.IsClosed; i++)
            {
                await client.SendAsync(WsTestClient.RequestText($"{longId}{i}", "no.such.method", "{}"));
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            // The server may stop reading from, or close, a slow consumer while we are still sending.
        }

        client.ResumeReading();
        var (status, reason) = await client.WaitForCloseAsync(TimeSpan.FromSeconds(20));

        // Assert
        ((int?)status).Should().Be(1008);
        reason.Should().Be("slow consumer");
    }

    [Fact]
    public async Task Stop_SendsShutdownToEveryConnection_ThenClose1001()
    {
        // Arrange
        var gateway = await WsGateway.StartAsync();
        await using var first = await WsTestClient.ConnectedAsync(gateway);
        await using var second = await WsTestClient.ConnectedAsync(gateway, scopes: ["operator.approvals"]);

        // Act
        var started = Stopwatch.GetTimestamp();
        var stopping = gateway.DisposeAsync().AsTask();
        var shutdown = await first.ReceiveEventAsync("shutdown");
        await second.ReceiveEventAsync("shutdown");
        var (status, _) = await first.WaitForCloseAsync();
        var (secondStatus, _) = await second.WaitForCloseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));

        // Assert
        shutdown.GetProperty("payload").Str("reason").Should().NotBeNullOrEmpty();
        shutdown.GetProperty("payload").Keys().Should().BeSubsetOf(["reason", "restartExpectedMs"]);
        ((int?)status).Should().Be(1001, "going away: no restart is expected");
        ((int?)secondStatus).Should().Be(1001);
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10), "idle sockets do not hold the stop up");
        first.AssertSeqContiguous();
    }
}

using System.Diagnostics;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary><c>tick</c> and <c>shutdown</c> events and the close on stop (gateway-protocol.md §5, §5.3, §7, §8 item 9).</summary>
public sealed class ConnectionLifecycleTests
{
    [Fact]
    public async Task Tick_IsSentEveryTickInterval_WithTs_AndPerConnectionSeq()
    {
        // Arrange
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, (WsGateway.TickInterval, "200"));
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Act
        var first = await client.ReceiveEventAsync("tick", timeout: TimeSpan.FromSeconds(3));
        var second = await client.ReceiveEventAsync("tick", timeout: TimeSpan.FromSeconds(3));

        // Assert
        first.GetProperty("payload").Keys().Should().Equal("ts");
        first.GetProperty("payload").Long("ts").Should().BeGreaterThanOrEqualTo(before - 1000);
        second.GetProperty("payload").Long("ts").Should().BeGreaterThan(first.GetProperty("payload").Long("ts")!.Value);
        second.Long("seq").Should().BeGreaterThan(first.Long("seq")!.Value);
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Tick_GoesToEveryConnection_WhateverItsScopes()
    {
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, (WsGateway.TickInterval, "200"));
        await using var client = await WsTestClient.ConnectedAsync(gateway, scopes: ["operator.approvals"]);

        var tick = await client.ReceiveEventAsync("tick", timeout: TimeSpan.FromSeconds(3));

        tick.Long("seq").Should().BePositive();
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Tick_IsNotSentBeforeTheHandshake()
    {
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, (WsGateway.TickInterval, "100"));
        await using var client = await WsTestClient.OpenAsync(gateway);

        await Task.Delay(600);

        client.Frames.Select(f => f.Str("event")).Should().Equal(["connect.challenge"], "events start after hello-ok");
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

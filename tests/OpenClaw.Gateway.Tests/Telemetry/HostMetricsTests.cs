using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenClaw.Core.Telemetry;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary>The host's metrics: open WebSocket connections, open SSE streams, requests by route and status.</summary>
public sealed class HostMetricsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AWebSocketConnection_IsCountedWhileOpen()
    {
        // Arrange
        await using var gateway = await WsGateway.StartAsync();
        using var connections = Collect<long>(gateway.App.Services, GatewayTelemetry.Name, "openclaw.ws.connections");

        // Act
        var client = await WsTestClient.ConnectedAsync(gateway);
        await connections.WaitForMeasurementsAsync(1, Wait);
        var whileOpen = connections.GetMeasurementSnapshot().Sum(m => m.Value);
        await client.DisposeAsync();
        await connections.WaitForMeasurementsAsync(2, Wait);

        // Assert
        whileOpen.Should().Be(1);
        connections.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(1, -1);
    }

    [Fact]
    public async Task AStreamedCompletion_IsAnOpenSseStreamUntilItEnds()
    {
        // Arrange
        await using var factory = new GatewayFactory();
        using var streams = Collect<long>(factory.Services, GatewayTelemetry.Name, "openclaw.sse.streams");

        // Act
        var response = await factory.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("stream me", stream: true));
        (await response.SseDataAsync()).Should().NotBeEmpty();
        await streams.WaitForMeasurementsAsync(2, Wait);

        // Assert
        var measurements = streams.GetMeasurementSnapshot();
        measurements.Select(m => m.Value).Should().Equal(1, -1);
        measurements.Should().OnlyContain(m => Equals(m.Tags["http.route"], "/v1/chat/completions"));
    }

    [Fact]
    public async Task Requests_AreMeasuredByRouteAndStatus()
    {
        // Arrange
        await using var factory = new GatewayFactory();
        using var requests = Collect<double>(factory.Services, "Microsoft.AspNetCore.Hosting", "http.server.request.duration");

        // Act
        (await factory.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hello"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hello"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await requests.WaitForMeasurementsAsync(2, Wait);

        // Assert
        requests.GetMeasurementSnapshot().Select(m => (m.Tags["http.route"], m.Tags["http.response.status_code"]))
            .Should().BeEquivalentTo(new (object?, object?)[] { ("/v1/chat/completions", 200), ("/v1/chat/completions", 401) });
    }

    private static MetricCollector<T> Collect<T>(IServiceProvider services, string meter, string instrument)
        where T : struct => new(services.GetRequiredService<IMeterFactory>(), meter, instrument);
}

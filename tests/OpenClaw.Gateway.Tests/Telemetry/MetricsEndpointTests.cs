using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary><c>GET /metrics</c>: Prometheus text on the gateway's port, <c>operator.read</c> unless public, and switchable off.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterARun_ListTheGatewaysInstrumentsInPrometheusText()
    {
        // Arrange
        await using var factory = new GatewayFactory();
        var client = factory.CreateAuthorizedClient();
        (await client.PostRawAsync(HttpTestExtensions.ChatBody("count me"))).StatusCode.Should().Be(HttpStatusCode.OK);

        // Act
        var response = await client.GetAsync("/metrics");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("# TYPE openclaw_runs_started_total counter")
            .And.Contain("openclaw_runs_finished_total{")
            .And.Contain("openclaw_run_duration_seconds_bucket{")
            .And.Contain("openclaw_run_gateway_overhead_seconds_bucket{")
            .And.Contain("http_server_request_duration_seconds_count{")
            .And.Contain("http_route=\"/v1/chat/completions\"")
            .And.Contain("dotnet_gc_collections_total", "the runtime's metrics are exported too");
        text.Should().NotContain("aspnetcore_routing_match_attempts", "per-request detail beyond the request metrics is not collected");
    }

    [Fact]
    public async Task Metrics_OnKestrel_LeaveOutTheServersBufferPool_WhichMovesOnEveryBuffer()
    {
        // Arrange: a streamed answer rents and returns Kestrel's buffers many times.
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        var client = gateway.CreateClient();
        var stream = await client.PostAsync("/v1/chat/completions", new StringContent(HttpTestExtensions.ChatBody("count me", stream: true), System.Text.Encoding.UTF8, "application/json"));
        (await stream.Content.ReadAsStringAsync()).Should().Contain("data: [DONE]");

        // Act
        var text = await client.GetStringAsync("/metrics");

        // Assert
        text.Should().Contain("kestrel_active_connections", "Kestrel's connection metrics stay");
        text.Should().NotContain("aspnetcore_memory_pool", "the buffer pool's counters would be updated on every rented buffer");
    }

    [Fact]
    public async Task Metrics_WithoutCredentials_Is401()
    {
        await using var factory = new GatewayFactory();

        var response = await factory.CreateClient().GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("openclaw_");
    }

    [Fact]
    public async Task Metrics_WithAWrongToken_Is401()
    {
        await using var factory = new GatewayFactory();

        var response = await factory.CreateAuthorizedClient("wrong-token-0123456789").GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Metrics_ConfiguredPublic_NeedNoCredentials()
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["OpenClaw:Telemetry:Prometheus:Public"] = "true" });

        var response = await factory.CreateClient().GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("# TYPE");
    }

    [Theory]
    [InlineData("OpenClaw:Telemetry:Prometheus:Enabled")]
    [InlineData("OpenClaw:Telemetry:Metrics")]
    public async Task Metrics_TurnedOff_Is404(string setting)
    {
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { [setting] = "false" });

        var response = await factory.CreateAuthorizedClient().GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("Not Found");
    }

    [Fact]
    public async Task Metrics_OtherMethods_Are405()
    {
        await using var factory = new GatewayFactory();

        var response = await factory.CreateAuthorizedClient().PostAsync("/metrics", null);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET");
    }
}

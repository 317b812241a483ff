using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary>
/// With the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, spans and metrics go to that collector over OTLP
/// (here http/protobuf to a recording receiver).
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _received = new();
    private WebApplication _collector = null!;
    private Uri _collectorUrl = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            _received.Enqueue((context.Request.Path.Value!, context.Request.ContentType ?? "", body.ToArray()));
            return Results.Ok();
        });
        await _collector.StartAsync();
        _collectorUrl = new Uri(_collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task WithTheOtlpEndpointSet_TheRunsSpansAndMetricsAreExported()
    {
        // Arrange
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("exported"));
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main"), new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collectorUrl.AbsoluteUri.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        // Act
        var response = await gateway.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("export me", "openclaw/main"));
        await Eventually.TrueAsync(() => Task.FromResult(Contains("/v1/traces", "invoke_agent main") && Contains("/v1/metrics", "openclaw.runs.finished")));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _received.Should().OnlyContain(r => r.ContentType == "application/x-protobuf");
        Contains("/v1/traces", "openclaw-gateway").Should().BeTrue("the resource names the service");
    }

    private bool Contains(string path, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return _received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0);
    }
}

using System.Diagnostics;
using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;
using OpenTelemetry.Trace;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary>
/// The default without an exporter: no span is recorded (nobody would read it), yet the client's trace context still
/// reaches the provider. Alone in its collection: a gateway of another test that records spans would record these too
/// (every host in the process listens to the same sources).
/// </summary>
[Collection(UnsampledTracingCollection.Name)]
public sealed class UnsampledTracingTests
{
    [Fact]
    public async Task WithoutAnExporter_NoSpanIsRecorded_ButTheClientsTraceStillReachesTheProvider()
    {
        // Arrange: the default, no OTLP endpoint and no sampler variable; the spy exporter stands for one added in code.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        var spans = new SpanRecorder();
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main"),
            services: s => s.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var traceId = ActivityTraceId.CreateRandom();
        upstream.Enqueue(FakeUpstreamResponse.Text("hi"));
        var runSpansStarted = 0;
        using var runSpans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OpenClaw.Core.Telemetry.GatewayTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = activity => Interlocked.Add(ref runSpansStarted, activity.TraceId == traceId ? 1 : 0),
        };
        ActivitySource.AddActivityListener(runSpans);

        // Act
        var response = await gateway.PostAsOutsiderAsync(
            HttpTestExtensions.ChatBody("hello", "openclaw/main"), ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await upstream.WaitForRequestAsync(1)).Header("traceparent").Should().StartWith($"00-{traceId}-");
        spans.OfTrace(traceId).Should().BeEmpty();
        runSpansStarted.Should().Be(0, "below an unrecorded request span the run makes no spans of its own");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UnsampledTracingCollection
{
    public const string Name = "Unsampled tracing";
}

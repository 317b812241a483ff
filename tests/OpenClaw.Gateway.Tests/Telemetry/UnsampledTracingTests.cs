using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using OpenClaw.Core.Telemetry;
using OpenClaw.Gateway.Telemetry;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

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
        // Arrange: the default, no OTLP endpoint and no sampler variable.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main"));
        var traceId = ActivityTraceId.CreateRandom();
        upstream.Enqueue(FakeUpstreamResponse.Text("hi"));
        var started = new ConcurrentQueue<(string Source, bool Recorded)>();
        using var spy = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http" or GatewayTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    started.Enqueue((activity.Source.Name, activity.IsAllDataRequested));
                }
            },
        };
        ActivitySource.AddActivityListener(spy);

        // Act
        var response = await gateway.PostAsOutsiderAsync(
            HttpTestExtensions.ChatBody("hello", "openclaw/main"), ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await upstream.WaitForRequestAsync(1)).Header("traceparent").Should().StartWith($"00-{traceId}-");
        started.Should().Contain(("Microsoft.AspNetCore", false), "the request's span carries the client's trace, unrecorded");
        started.Should().NotContain(span => span.Recorded);
        started.Should().NotContain(span => span.Source == GatewayTelemetry.Name, "below an unrecorded request span the run makes no spans of its own");
    }

    [Fact]
    public async Task WithoutAnExporter_AWebSocketRequestsSpan_OnlyCarriesTheTraceToTheProvider()
    {
        // Arrange
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main"));
        upstream.Enqueue(FakeUpstreamResponse.Text("hi"));
        var requests = new ConcurrentQueue<Activity>();
        using var spy = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            // Taken at its start (the tags would be set right after it): the span may stop after the final response.
            ActivityStarted = activity =>
            {
                if (activity.OperationName == "openclaw.ws.request")
                {
                    requests.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(spy);
        await using var client = await WebSockets.WsTestClient.ConnectedAsync(gateway);

        // Act
        var id = await client.SendRequestAsync("agent", $$"""{"message":"hello","idempotencyKey":"{{Guid.NewGuid():N}}","sessionKey":"unsampled"}""");
        await client.ResponseAsync(id);
        await client.ResponseAsync(id);

        // Assert
        var traceparent = (await upstream.WaitForRequestAsync(1)).Header("traceparent");
        var request = requests.Should().ContainSingle(r => traceparent!.StartsWith($"00-{r.TraceId}-", StringComparison.Ordinal)).Subject;
        request.IsAllDataRequested.Should().BeFalse();
        request.TagObjects.Should().BeEmpty("an unrecorded span is not worth its tags");
    }

    [Fact]
    public void WithoutAnExporter_SpansStartOnlyWhereATraceEntersTheProcess()
    {
        var local = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var remote = new ActivityContext(local.TraceId, local.SpanId, ActivityTraceFlags.Recorded, isRemote: true);

        TraceContextPropagation.Decide(default).Should().Be(ActivitySamplingResult.PropagationData);
        TraceContextPropagation.Decide(remote).Should().Be(ActivitySamplingResult.PropagationData);
        TraceContextPropagation.Decide(local).Should().Be(ActivitySamplingResult.None);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UnsampledTracingCollection
{
    public const string Name = "Unsampled tracing";
}

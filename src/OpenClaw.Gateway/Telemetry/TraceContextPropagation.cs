using System.Diagnostics;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Gateway.Telemetry;

/// <summary>
/// Tracing without an exporter: nothing is recorded, but a client's <c>traceparent</c> still reaches the providers.
/// A bare listener asks ASP.NET Core, HttpClient and the gateway's own source for unrecorded spans where a trace
/// enters the process (a root or a remote parent) and for none below a local one, so the request's span carries the
/// trace context down to the provider call. It is what OpenTelemetry's always-off sampler does, without the
/// instrumentation libraries' per-request diagnostic callbacks (<c>bench/RESULTS.md</c>, section telemetry-cost).
/// </summary>
internal sealed class TraceContextPropagation : IHostedService, IDisposable
{
    private static readonly HashSet<string> Sources = ["Microsoft.AspNetCore", "System.Net.Http", GatewayTelemetry.Name];

    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => Sources.Contains(source.Name),
        Sample = (ref ActivityCreationOptions<ActivityContext> options) => Decide(options.Parent),
        SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.PropagationData,
    };

    /// <summary>An unrecorded span where the trace enters the process; none below a span of this process.</summary>
    public static ActivitySamplingResult Decide(ActivityContext parent) =>
        parent == default || parent.IsRemote ? ActivitySamplingResult.PropagationData : ActivitySamplingResult.None;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();
}

using System.Diagnostics;

namespace OpenClaw.Core.Telemetry;

/// <summary>
/// The names the gateway's own telemetry is published under: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="ActivitySource"/>, both <see cref="Name"/>. The host subscribes to them (OpenTelemetry); nothing is
/// recorded or allocated for spans while nobody listens.
/// </summary>
public static class GatewayTelemetry
{
    public const string Name = "OpenClaw.Gateway";

    /// <summary>Spans of runs, model calls, tool calls and turn persistence.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(GatewayTelemetry).Assembly.GetName().Version?.ToString());
}

namespace OpenClaw.Gateway.Telemetry;

/// <summary>
/// Metrics and traces (<c>OpenClaw:Telemetry</c> in appsettings.json). Exporting over OTLP is switched on by the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and the other <c>OTEL_*</c> variables), not here.
/// </summary>
internal sealed class GatewayTelemetryOptions
{
    public const string SectionName = "OpenClaw:Telemetry";

    /// <summary>Collect metrics (the gateway's, ASP.NET Core's, HttpClient's and the runtime's).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Record spans (requests, runs, model and tool calls, persistence) and propagate <c>traceparent</c> upstream.</summary>
    public bool Tracing { get; set; } = true;

    /// <summary><c>GET /metrics</c> in the Prometheus text format.</summary>
    public PrometheusEndpointOptions Prometheus { get; set; } = new();
}

/// <summary><c>OpenClaw:Telemetry:Prometheus</c>.</summary>
internal sealed class PrometheusEndpointOptions
{
    /// <summary>Serve <c>GET /metrics</c> (needs <see cref="GatewayTelemetryOptions.Metrics"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Serve it without auth (for a scraper on a trusted network); otherwise it needs <c>operator.read</c>.</summary>
    public bool Public { get; set; }
}

using System.Diagnostics.Metrics;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Telemetry;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Http;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenClaw.Gateway.Telemetry;

/// <summary>
/// OpenTelemetry for the gateway: its own meter and activity source (<see cref="GatewayTelemetry.Name"/>) plus
/// ASP.NET Core, HttpClient and runtime instrumentation; Prometheus on <c>GET /metrics</c>; OTLP export only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With no exporter, spans are not recorded (unless
/// <c>OTEL_TRACES_SAMPLER</c> asks for it), but the trace context still goes from the client to the providers
/// (<see cref="TraceContextPropagation"/>).
/// </summary>
internal static class GatewayTelemetryServices
{
    public const string MetricsPath = "/metrics";

    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    private const string SamplerVariable = "OTEL_TRACES_SAMPLER";
    private const string DefaultServiceName = "openclaw-gateway";

    /// <summary>Kestrel's buffer pool: its counters move on every buffer the server rents or returns, many per streamed response.</summary>
    private const string MemoryPoolMeter = "Microsoft.AspNetCore.MemoryPool";

    private static readonly HashSet<string> PerRequestDetail =
    [
        "aspnetcore.routing.match_attempts",
        "aspnetcore.authentication.authenticate.duration",
        "aspnetcore.authorization.attempts",
        "aspnetcore.rate_limiting.active_request_leases",
        "aspnetcore.rate_limiting.request_lease.duration",
        "aspnetcore.rate_limiting.requests",
        "http.client.active_requests",
        "http.client.open_connections",
        "http.client.request.time_in_queue",
    ];

    public static WebApplicationBuilder AddGatewayTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayTelemetryOptions.SectionName).Get<GatewayTelemetryOptions>() ?? new();
        builder.Services.AddSingleton(options);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<HostMetrics>();
        builder.Services.AddSingleton(sp => new RunMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<ProviderCircuits>()));
        if (!options.Metrics && !options.Tracing)
        {
            return builder;
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration[ServiceNameVariable]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(DefaultServiceName, serviceVersion: GatewayVersion.Current));
        }

        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(GatewayTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();

                // Instruments recorded on every request (or every pooled buffer) that add nothing an operator of the
                // gateway needs beyond the request, run, connection and runtime metrics: not collected, so not recorded.
                metrics.AddView(instrument =>
                    PerRequestDetail.Contains(instrument.Name) || instrument.Meter.Name == MemoryPoolMeter ? MetricStreamConfiguration.Drop : null);
                if (options.Prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (options.Tracing && (otlp || !string.IsNullOrWhiteSpace(builder.Configuration[SamplerVariable])))
        {
            telemetry.WithTracing(tracing =>
            {
                tracing
                    .AddSource(GatewayTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbeOrScrape(context.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }
        else if (options.Tracing)
        {
            // No exporter and no sampler asked for: nobody would read a recorded span, so none is recorded and the
            // instrumentation libraries stay out of the request path; the trace context still flows to the providers.
            builder.Services.AddHostedService<TraceContextPropagation>();
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c>, when metrics and the endpoint are on; <c>operator.read</c> unless configured public.</summary>
    public static IEndpointRouteBuilder MapGatewayMetrics(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<GatewayTelemetryOptions>();
        if (!options.Metrics || !options.Prometheus.Enabled)
        {
            return routes;
        }

        // The exporter maps every method; the route is GET only (405 otherwise).
        var endpoint = routes.MapPrometheusScrapingEndpoint(MetricsPath)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .WithGatewayRoute(api: false)
            .ExcludeFromDescription();
        if (!options.Prometheus.Public)
        {
            endpoint.RequireAuthorization(GatewayScopes.Read);
        }

        return routes;
    }

    /// <summary>Health probes and scrapes are not traced: they would drown the traces that matter.</summary>
    private static bool IsProbeOrScrape(PathString path) =>
        Health.HealthEndpoints.IsProbe(path) || path.Value == MetricsPath;
}

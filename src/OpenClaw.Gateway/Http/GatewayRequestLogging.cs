using Microsoft.Extensions.Options;
using OpenClaw.Gateway.Hosting;
using Serilog;
using Serilog.Events;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// The request log (<c>OpenClaw:Logging:RequestLog</c>): one line per HTTP request, and per WebSocket connection when
/// it ends. The path never carries its query string (it may hold a token); headers and bodies are never logged.
/// </summary>
internal static class GatewayRequestLogging
{
    public const string MessageTemplate =
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms (agent {AgentId}, run {RunId}, streaming {Streaming})";

    private static readonly string[] ProbePrefixes = ["/health", "/ready", "/startup", Telemetry.GatewayTelemetryServices.MetricsPath];

    public static WebApplication UseGatewayRequestLogging(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<GatewayLoggingOptions>>().Value.RequestLog)
        {
            return app;
        }

        app.UseSerilogRequestLogging(options =>
        {
            // The host's own logger: the static Log.Logger is not the gateway's (several hosts can share a process).
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = MessageTemplate;
            options.IncludeQueryInRequestPath = false;
            options.GetLevel = Level;
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                var fields = RequestLogFields.Of(context);
                diagnostics.Set("AgentId", fields?.AgentId);
                diagnostics.Set("RunId", fields?.RunId);
                diagnostics.Set("Streaming", fields?.Streaming ?? false);
            };
        });
        return app;
    }

    /// <summary>Error for a 5xx or an exception; Debug for health probes and metric scrapes, which would flood the log; else Information.</summary>
    internal static LogEventLevel Level(HttpContext context, double elapsedMs, Exception? exception)
    {
        if (exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        var path = context.Request.Path.Value ?? "";
        return ProbePrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)) ? LogEventLevel.Debug : LogEventLevel.Information;
    }
}

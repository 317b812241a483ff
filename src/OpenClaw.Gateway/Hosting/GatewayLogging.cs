using Serilog;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Json;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// Serilog to the console, plain text or JSON (<c>OpenClaw:Logging:Format</c>); levels, overrides and any extra
/// sinks come from the <c>Serilog</c> section. Prompts, completions and secrets are never logged at Information or
/// above.
/// </summary>
internal static class GatewayLogging
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.ILogger CreateLogger(IConfiguration configuration)
    {
        var format = configuration[$"{GatewayLoggingOptions.SectionName}:Format"] ?? "text";
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        if (!configuration.GetSection("Serilog:WriteTo").Exists())
        {
            logger = format.Equals("json", StringComparison.OrdinalIgnoreCase)
                ? logger.WriteTo.Console(new JsonFormatter(renderMessage: true))
                : logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        return logger.CreateLogger();
    }

    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder, Serilog.ILogger logger)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new SerilogLoggerProvider(logger, dispose: true));
        return builder;
    }
}

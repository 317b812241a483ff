using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
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

    /// <param name="configuration">Host configuration (appsettings.json, environment, flags).</param>
    /// <param name="output">Where to write instead of the console (tests).</param>
    public static Serilog.ILogger CreateLogger(IConfiguration configuration, TextWriter? output = null)
    {
        var json = string.Equals(configuration[$"{GatewayLoggingOptions.SectionName}:Format"], "json", StringComparison.OrdinalIgnoreCase);
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        if (!configuration.GetSection("Serilog:WriteTo").Exists())
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            logger = (json, output) switch
            {
                (true, null) => logger.WriteTo.Console(new JsonFormatter(renderMessage: true)),
                (true, _) => logger.WriteTo.Sink(new TextWriterSink(new JsonFormatter(renderMessage: true), output)),
                (false, null) => logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: invariant),
                (false, _) => logger.WriteTo.Sink(new TextWriterSink(new MessageTemplateTextFormatter(TextTemplate, invariant), output)),
            };
        }

        return logger.CreateLogger();
    }

    /// <summary>Writes formatted events to a <see cref="TextWriter"/>, serialized.</summary>
    private sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
    {
        private readonly Lock _lock = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_lock)
            {
                formatter.Format(logEvent, output);
                output.Flush();
            }
        }
    }

    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder, Serilog.ILogger logger)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new SerilogLoggerProvider(logger, dispose: true));
        return builder;
    }
}

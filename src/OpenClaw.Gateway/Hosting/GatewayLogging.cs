using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// Serilog to the console, plain text or JSON (<c>OpenClaw:Logging:Format</c>); levels, overrides and any extra
/// sinks come from the <c>Serilog</c> section. Prompts, completions and secrets are never logged at Information or
/// above. Startup is logged by a bootstrap logger until the host's own logger (<c>AddSerilog</c>) takes over.
/// </summary>
internal static class GatewayLogging
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <param name="configuration">Host configuration (appsettings.json, environment, flags).</param>
    /// <param name="output">Where to write instead of the console (tests).</param>
    public static Logger CreateLogger(IConfiguration configuration, TextWriter? output = null) =>
        Configure(new LoggerConfiguration(), configuration, output).CreateLogger();

    /// <summary>
    /// The logger of the startup phase (config file, TLS, refusals): the console in the configured format at the
    /// configured levels, but none of the configured sinks, which the host's logger opens.
    /// </summary>
    public static Logger CreateBootstrapLogger(IConfiguration configuration, TextWriter? output = null)
    {
        var levels = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.GetSection("Serilog:MinimumLevel").AsEnumerable())
            .AddInMemoryCollection([new($"{GatewayLoggingOptions.SectionName}:Format", configuration[$"{GatewayLoggingOptions.SectionName}:Format"])])
            .Build();
        return Configure(new LoggerConfiguration(), levels, output).CreateLogger();
    }

    /// <summary>
    /// Serilog becomes the host's logger factory. Each host owns its logger (<c>preserveStaticLogger</c>): several
    /// hosts can share a process (tests, the CLI). Providers registered as services (tests' log captures) still get
    /// every event that passes Serilog's levels (<c>writeToProviders</c>).
    /// </summary>
    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (services, logger) => Configure(
                logger.ReadFrom.Services(services), services.GetRequiredService<IConfiguration>(), services.GetService<GatewayLogOutput>()?.Writer),
            preserveStaticLogger: true,
            writeToProviders: true);
        return builder;
    }

    private static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, TextWriter? output)
    {
        var json = string.Equals(configuration[$"{GatewayLoggingOptions.SectionName}:Format"], "json", StringComparison.OrdinalIgnoreCase);
        logger = logger
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        if (configuration.GetSection("Serilog:WriteTo").Exists())
        {
            return logger;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return (json, output) switch
        {
            (true, null) => logger.WriteTo.Console(new JsonFormatter(renderMessage: true)),
            (true, _) => logger.WriteTo.Sink(new TextWriterSink(new JsonFormatter(renderMessage: true), output)),
            (false, null) => logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: invariant),
            (false, _) => logger.WriteTo.Sink(new TextWriterSink(new MessageTemplateTextFormatter(TextTemplate, invariant), output)),
        };
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
}

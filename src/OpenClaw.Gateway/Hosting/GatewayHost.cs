using Microsoft.AspNetCore.Connections;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Health;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Telemetry;
using OpenClaw.Gateway.Tools;
using OpenClaw.Gateway.WebSockets;
using Serilog.Extensions.Logging;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// How a gateway process is put together; <c>Program.cs</c> and <c>openclaw gateway run</c> both use it.
/// Startup refusals throw <see cref="GatewayStartupException"/> or <see cref="ConfigException"/> with a one-line reason.
/// </summary>
public static partial class GatewayHost
{
    /// <summary>Registers everything the gateway needs; validates the config and the auth rules up front.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var environment = ProcessEnvironment.Instance;
        var overrides = GatewayStartupOverrides.From(builder.Configuration);
        builder.Services.AddSingleton(overrides);

        // Until the host is built, a console logger in the configured format logs startup and its refusals
        var output = builder.Services.FirstOrDefault(s => s.ServiceType == typeof(GatewayLogOutput))?.ImplementationInstance as GatewayLogOutput;
        using var bootLoggers = new SerilogLoggerFactory(GatewayLogging.CreateBootstrapLogger(builder.Configuration, output?.Writer), dispose: true);
        try
        {
            return builder.AddGateway(overrides, environment, bootLoggers);
        }
        catch (Exception ex) when (ex is ConfigException or GatewayStartupException)
        {
            Log.StartupRefused(bootLoggers.CreateLogger(typeof(GatewayHost).FullName!), ex.Message);
            throw;
        }
    }

    private static WebApplicationBuilder AddGateway(
        this WebApplicationBuilder builder, GatewayStartupOverrides overrides, ProcessEnvironment environment, SerilogLoggerFactory bootLoggers)
    {
        // Load openclaw.json (JSON5, $include, ${VAR}); an invalid file stops startup here
        var configLogger = new HandOverLogger<ReloadingConfigSource>(bootLoggers.CreateLogger<ReloadingConfigSource>());
        var config = new ReloadingConfigSource(ResolvePaths(builder.Configuration), configLogger, environment);
        // A factory registration, so the container disposes it (and its file watcher) with the host.
        builder.Services.AddSingleton(sp => configLogger.HandOver(sp.GetRequiredService<ILoggerFactory>(), config));

        // Keep the commands the agent runs (same user) out of this process's /proc environment and memory
        ProcessProtection.Apply(
            builder.Configuration.GetValue($"{GatewayToolOptions.SectionName}:{nameof(GatewayToolOptions.ProtectProcess)}", true),
            bootLoggers.CreateLogger(typeof(ProcessProtection)));

        // Refuse unsafe or unconfigured starts (agent-runtime.md §2.4, http-api.md §3.1)
        var listener = CheckStartup(config.Current.Config, overrides, environment);
        builder.Services.AddSingleton(listener);

        // gateway.tls: HTTPS and WSS on the same port; the certificate is loaded (or generated) before anything listens
        var https = GatewayTls.Load(config.Current.Config.Gateway.Tls, config.Current.Paths.StateDir, bootLoggers.CreateLogger(typeof(GatewayTls).FullName!));

        // Configure Kestrel: one listener, no Server header, Node's header limits, bounded graceful shutdown
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            GatewayKestrelLimits.Apply(kestrel.Limits);
            foreach (var address in listener.Addresses)
            {
                kestrel.Listen(address, listener.Port, endpoint =>
                {
                    if (https is not null)
                    {
                        endpoint.UseHttps(https);
                    }
                });
            }
        });
        var shutdownSeconds = builder.Configuration.GetValue($"{GatewayHttpOptions.SectionName}:ShutdownTimeoutSeconds", 10);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(shutdownSeconds));

        // Host settings, the agent runtime, auth and the OpenAPI document
        builder.Services.AddGatewayOptions();
        builder.Services.AddAgentRuntime(config, builder.Configuration);
        builder.Services.AddGatewayAuth();
        builder.Services.AddApiRateLimiting();
        builder.Services.AddGatewaySockets();
        builder.Services.AddSingleton(sp => new GatewayAuthState(config, overrides, environment, listener, sp.GetRequiredService<ILogger<GatewayAuthState>>()));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJson.Context));
        builder.Services.AddOpenApi();

        // Metrics and traces (OpenTelemetry): Prometheus on /metrics, OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
        builder.AddGatewayTelemetry();

        // Serilog (text or JSON, levels from the Serilog section) becomes the host's logger
        builder.AddGatewayLogging();
        return builder;
    }

    /// <summary>The OpenAPI document of the HTTP surface (authenticated).</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>The request pipeline and every endpoint.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // One log line per request (and per WebSocket connection), around everything else
        app.UseGatewayRequestLogging();
        // WebSocket upgrades on any path run the control-plane protocol; everything else is HTTP
        app.UseWebSockets();
        app.UseMiddleware<GatewayPipelineMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthEndpoints();
        app.MapOpenAiEndpoints();
        app.MapSessionEndpoints();
        app.MapToolsInvoke();
        app.MapOpenApi(OpenApiPath).WithGatewayRoute(api: false).RequireAuthorization(GatewayScopes.Read);
        app.MapGatewayMetrics();
        return app;
    }

    /// <summary>Starts the listener (a busy port is a startup refusal) and runs until SIGINT/SIGTERM.</summary>
    public static async Task RunGatewayAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listener = app.Services.GetRequiredService<GatewayListener>();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            var refusal = new GatewayStartupException($"port {listener.Port} is already in use; stop the other process or pass --port");
            Log.StartupRefused(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayHost).FullName!), refusal.Message);
            throw refusal;
        }

        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static OpenClawPaths ResolvePaths(IConfiguration configuration)
    {
        var stateDir = configuration["OpenClaw:StateDir"];
        var configPath = configuration["OpenClaw:ConfigPath"];
        return OpenClawPaths.Resolve(name => name switch
        {
            "OPENCLAW_STATE_DIR" when !string.IsNullOrEmpty(stateDir) => stateDir,
            "OPENCLAW_CONFIG_PATH" when !string.IsNullOrEmpty(configPath) => configPath,
            _ => Environment.GetEnvironmentVariable(name),
        });
    }

    private static GatewayListener CheckStartup(OpenClawConfig config, GatewayStartupOverrides overrides, IProcessEnvironment environment)
    {
        if (config.Gateway.Mode is { } mode && mode != "local" && !overrides.AllowUnconfigured)
        {
            throw new GatewayStartupException(
                $"gateway.mode is \"{mode}\"; this gateway runs only in local mode (set gateway.mode to \"local\" or pass --allow-unconfigured)");
        }

        var authMode = GatewayAuthSettings.ResolveMode(config, overrides, environment);
        // A missing or placeholder secret is reported before a bad bind; a weak one needs the bind to be judged.
        GatewayAuthSettings.Resolve(config, authMode, overrides, environment);
        var listener = GatewayListener.Resolve(config, overrides, environment);
        GatewayAuthSettings.Resolve(config, authMode, overrides, environment, listener);
        if (authMode == "none" && !listener.IsLoopbackOnly)
        {
            throw new GatewayStartupException($"refusing to bind gateway to {string.Join(", ", listener.Addresses)} without auth");
        }

        return listener;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5030, EventName = "StartupRefused", Level = LogLevel.Critical, Message = "gateway startup refused: {Reason}")]
        public static partial void StartupRefused(ILogger logger, string reason);
    }
}

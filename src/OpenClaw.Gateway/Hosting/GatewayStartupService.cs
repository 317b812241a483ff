using Microsoft.Extensions.Options;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// Opens the session store before the listener accepts requests, reports config warnings, and drains on stop:
/// new API requests get 503 while in-flight ones finish within the host's shutdown timeout.
/// </summary>
internal sealed partial class GatewayStartupService(
    ISessionStore store,
    AgentRunner runner,
    ReloadingConfigSource config,
    GatewayLifecycle lifecycle,
    IHostApplicationLifetime lifetime,
    IOptions<GatewayStorageOptions> storage,
    ILogger<GatewayStartupService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        NativeHeap.FixMmapThreshold();
        await store.InitializeAsync(cancellationToken);
        lifecycle.MarkStorageReady();
        Log.StoreOpened(logger, storage.Value.Provider, store.Location);
        var snapshot = config.Current;
        foreach (var warning in snapshot.Config.Warnings)
        {
            Log.ConfigWarning(logger, warning);
        }

        if (ModelResolver.UsesOfflineModel(snapshot.Config, snapshot.Agents.DefaultAgentId))
        {
            Log.OfflineModel(logger);
        }

        config.StartWatching();
        lifetime.ApplicationStarted.Register(lifecycle.MarkAccepting);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifecycle.BeginDraining();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs after the listener stopped (in-flight requests had the shutdown timeout to finish): whatever still
    /// runs is cancelled and given a moment to persist its partial turn before the store closes.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        runner.CancelAll();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await runner.WaitForIdleAsync(grace.Token);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, EventName = "StoreOpened", Level = LogLevel.Information, Message = "session store ({Provider}) at {Location}")]
        public static partial void StoreOpened(ILogger logger, string provider, string location);

        [LoggerMessage(EventId = 5002, EventName = "ConfigWarning", Level = LogLevel.Warning, Message = "config: {Warning}")]
        public static partial void ConfigWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 5003, EventName = "OfflineModel", Level = LogLevel.Warning,
            Message = "No model provider is configured: agents answer with the built-in offline 'echo' model, which is NOT an LLM. " +
                      "To use a real model, add models.providers.<id> (api, baseUrl, apiKey) and set agents.defaults.model.primary " +
                      "to '<id>/<model>' in openclaw.json, e.g. an OpenAI-compatible server or 'openai/gpt-4.1' with OPENAI_API_KEY.")]
        public static partial void OfflineModel(ILogger logger);
    }
}

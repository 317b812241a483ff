using Microsoft.Extensions.Options;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Sessions.Sqlite;
using OpenClaw.Core.Tools;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Hosting;

internal static class GatewayServiceCollectionExtensions
{
    /// <summary>Host settings from appsettings.json / <c>OpenClaw__*</c>, validated at startup.</summary>
    public static IServiceCollection AddGatewayOptions(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GatewayHttpOptions, GatewayHttpOptionsValidator>().BindConfiguration(GatewayHttpOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayStorageOptions, GatewayStorageOptionsValidator>().BindConfiguration(GatewayStorageOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayProviderOptions, GatewayProviderOptionsValidator>().BindConfiguration(GatewayProviderOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayRunOptions, GatewayRunOptionsValidator>().BindConfiguration(GatewayRunOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayRateLimitOptions, GatewayRateLimitOptionsValidator>().BindConfiguration(GatewayRateLimitOptions.SectionName);
        services.AddOptions<GatewayToolOptions>().BindConfiguration(GatewayToolOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayLoggingOptions, GatewayLoggingOptionsValidator>().BindConfiguration(GatewayLoggingOptions.SectionName);
        return services;
    }

    /// <summary>The agent runtime of OpenClaw.Core: session store, providers, run coordination, run pipeline.</summary>
    public static IServiceCollection AddAgentRuntime(this IServiceCollection services, IConfigSource config)
    {
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IProcessEnvironment>(ProcessEnvironment.Instance);
        services.AddSingleton<TranscriptFeed>();
        services.AddSingleton<ISessionStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<GatewayStorageOptions>>().Value;
            var path = storage.Path is { Length: > 0 } configured
                ? OpenClawPaths.ExpandHome(configured)
                : Path.Combine(config.Current.Paths.StateDir, "openclaw-dotnet.sqlite");

            // Every write of this process announces its appended entries (live session history, http-api.md §8a.3).
            return new PublishingSessionStore(new SqliteSessionStore(path, fullSync: storage.Synchronous == "full"), sp.GetRequiredService<TranscriptFeed>());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayProviderOptions>>().Value;
            return new ChatClientFactory(new ProviderTimeouts
            {
                Connect = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
                FirstByte = TimeSpan.FromSeconds(options.FirstByteTimeoutSeconds),
                BetweenChunks = TimeSpan.FromSeconds(options.ChunkTimeoutSeconds),
                SelfHosted = TimeSpan.FromSeconds(options.SelfHostedTimeoutSeconds),
            }, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var breaker = sp.GetRequiredService<IOptions<GatewayProviderOptions>>().Value.CircuitBreaker;
            return new ProviderCircuits(
                new ProviderCircuitOptions
                {
                    Enabled = breaker.Enabled,
                    FailureThreshold = breaker.FailureThreshold,
                    BreakDuration = TimeSpan.FromSeconds(breaker.BreakSeconds),
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ProviderCircuits>>());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayRunOptions>>().Value;
            return new RunLimits
            {
                QueueTimeout = options.QueueTimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
                MaxQueuedRuns = options.MaxQueuedRuns,
            };
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayProviderOptions>>().Value;
            return new ProviderRetryPolicy
            {
                MaxAttempts = options.MaxAttempts,
                BaseDelay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds),
                FailureBudget = TimeSpan.FromSeconds(options.FailureBudgetSeconds),
            };
        });
        services.AddSingleton<IRunCoordination>(sp => new InProcessRunCoordination(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkspaceManager>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayToolOptions>>().Value;
            return new ToolHostSettings { ExecEnabled = options.ExecEnabled, FsWorkspaceOnly = options.FsWorkspaceOnly };
        });
        services.AddSingleton<IAgentToolCatalog, AgentToolCatalog>();
        services.AddSingleton<AgentRunner>();
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<GatewayLifecycle>();
        services.AddSingleton<Images.RemoteMediaFetcher>();
        services.AddSingleton<Images.ImageInputReader>();
        services.AddSingleton<OpenResponses.Media.ResponseMediaReader>();
        services.AddSingleton<MemoryReclaimer>();
        services.AddSingleton<BodyBudget>();
        services.AddSingleton<OpenAi.ChatCompletionServices>();
        services.AddSingleton<OpenResponses.PreviousResponses>();
        services.AddSingleton<OpenResponses.ResponsesServices>();
        services.AddSingleton<OpenAi.ChatStreamMonitor>();
        services.AddSingleton<Sessions.SessionHistoryStreams>();
        services.AddHostedService<GatewayStartupService>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Hosting;

/// <summary>Registration of the agent runtime for any host: the gateway, and the CLI's embedded runs.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The agent runtime: providers (timeouts, retries, circuit breaker), the in-process run coordination, the tools
    /// and the run pipeline, with their settings bound from <c>OpenClaw:Providers</c>, <c>OpenClaw:Runs</c> and
    /// <c>OpenClaw:Tools</c> (validated when first read). The session store is chosen on the returned builder.
    /// </summary>
    public static OpenClawCoreBuilder AddOpenClawCore(this IServiceCollection services, IConfigSource config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptionsWithValidateOnStart<ProviderOptions, ProviderOptionsValidator>().BindConfiguration(ProviderOptions.SectionName);
        services.AddOptionsWithValidateOnStart<RunOptions, RunOptionsValidator>().BindConfiguration(RunOptions.SectionName);
        services.AddOptions<ToolHostSettings>().BindConfiguration(ToolHostSettings.SectionName);

        services.AddSingleton(config);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessEnvironment>(ProcessEnvironment.Instance);
        services.AddSingleton<TranscriptFeed>();
        services.AddSingleton(sp => Clients(sp.GetRequiredService<IOptions<ProviderOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => Circuits(
            sp.GetRequiredService<IOptions<ProviderOptions>>().Value.CircuitBreaker,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ProviderCircuits>>()));
        services.AddSingleton(sp => RetryPolicy(sp.GetRequiredService<IOptions<ProviderOptions>>().Value));
        services.AddSingleton(sp => Limits(sp.GetRequiredService<IOptions<RunOptions>>().Value));
        services.TryAddSingleton<IRunCoordination>(sp => new InProcessRunCoordination(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkspaceManager>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ToolHostSettings>>().Value);
        services.AddSingleton<IAgentToolCatalog, AgentToolCatalog>();
        services.AddSingleton<AgentRunner>();
        services.AddSingleton<SessionCommands>();
        return new OpenClawCoreBuilder(services);
    }

    private static ChatClientFactory Clients(ProviderOptions options, TimeProvider time) => new(
        new ProviderTimeouts
        {
            Connect = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            FirstByte = TimeSpan.FromSeconds(options.FirstByteTimeoutSeconds),
            BetweenChunks = TimeSpan.FromSeconds(options.ChunkTimeoutSeconds),
            SelfHosted = TimeSpan.FromSeconds(options.SelfHostedTimeoutSeconds),
        },
        time);

    private static ProviderCircuits Circuits(CircuitBreakerOptions breaker, TimeProvider time, ILogger<ProviderCircuits> logger) => new(
        new ProviderCircuitOptions
        {
            Enabled = breaker.Enabled,
            FailureThreshold = breaker.FailureThreshold,
            BreakDuration = TimeSpan.FromSeconds(breaker.BreakSeconds),
        },
        time,
        logger);

    private static ProviderRetryPolicy RetryPolicy(ProviderOptions options) => new()
    {
        MaxAttempts = options.MaxAttempts,
        BaseDelay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
        MaxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds),
        FailureBudget = TimeSpan.FromSeconds(options.FailureBudgetSeconds),
    };

    private static RunLimits Limits(RunOptions options) => new()
    {
        QueueTimeout = options.QueueTimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
        MaxQueuedRuns = options.MaxQueuedRuns,
    };
}

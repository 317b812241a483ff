using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Support;

/// <summary>Settings of the config the harness writes around its fake provider.</summary>
internal sealed record HarnessOptions
{
    public int MaxConcurrent { get; init; } = 4;

    public int ContextWindow { get; init; } = 128_000;

    public int MaxTokens { get; init; } = 4_096;

    /// <summary>JSON object placed at <c>agents.defaults.models["fake/fake-model"].params</c>.</summary>
    public string? ModelParamsJson { get; init; }

    /// <summary>Retries of a failed model call; the default makes a single attempt so failure tests see one call.</summary>
    public ProviderRetryPolicy RetryPolicy { get; init; } = new() { MaxAttempts = 1 };

    /// <summary><c>agents.defaults.model.primary</c>.</summary>
    public string Primary { get; init; } = "fake/fake-model";

    /// <summary><c>agents.defaults.model.fallbacks</c>.</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    /// <summary>The fake model's <c>reasoning</c> flag.</summary>
    public bool ModelReasoning { get; init; }

    /// <summary><c>agents.defaults.thinkingDefault</c>.</summary>
    public string ThinkingDefault { get; init; } = "off";

    /// <summary>The built-in tools every agent gets (none by default).</summary>
    public IReadOnlyList<OpenClaw.Core.Tools.IAgentTool> Tools { get; init; } = [];

    /// <summary>The fake model's <c>input</c> kinds; <c>image</c> makes it take image parts.</summary>
    public IReadOnlyList<string> ModelInput { get; init; } = ["text"];

    /// <summary>
    /// More entries of <c>models.providers</c>, as JSON members (e.g. <c>"other": {…}</c>); <c>__UPSTREAM__</c> stands
    /// for the fake upstream's base URL.
    /// </summary>
    public string? ExtraProvidersJson { get; init; }

    /// <summary>The providers' circuit breakers; none by default.</summary>
    public ProviderCircuits Circuits { get; init; } = ProviderCircuits.Disabled;

    /// <summary>How runs wait for the global lane.</summary>
    public RunLimits Limits { get; init; } = new();

    /// <summary>The runner's clock (run timeout, retry pauses, queue timeout) and the providers' deadlines.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the runner records its metrics; none by default.</summary>
    public OpenClaw.Core.Telemetry.RunMetrics? Metrics { get; init; }

    /// <summary>Wraps the store the runner writes to (the harness's <see cref="AgentRunnerHarness.Store"/> stays the real one).</summary>
    public Func<ISessionStore, ISessionStore>? WrapStore { get; init; }
}

/// <summary>
/// A real <see cref="AgentRunner"/>: SQLite store in a temp dir, <see cref="ChatClientFactory"/>, and
/// <see cref="FakeOpenAiUpstream"/> declared as provider <c>fake</c> with model <c>fake-model</c>.
/// </summary>
internal sealed class AgentRunnerHarness : IAsyncDisposable
{
    private readonly TempDirectory _temp;
    private readonly ChatClientFactory _clients;

    private AgentRunnerHarness(
        TempDirectory temp, FakeOpenAiUpstream upstream, SqliteSessionStore store, ChatClientFactory clients, ConfigSnapshot snapshot, HarnessOptions options)
    {
        _temp = temp;
        _clients = clients;
        Options = options;
        Upstream = upstream;
        Store = store;
        Snapshot = snapshot;
        var config = new TestConfigSource(snapshot);
        Coordination = new InProcessRunCoordination(options.Time);
        Runner = new AgentRunner(
            config,
            options.WrapStore?.Invoke(store) ?? store,
            clients,
            options.RetryPolicy,
            Coordination,
            new WorkspaceManager(),
            new TestToolCatalog([.. options.Tools]),
            options.Time,
            new DictionaryEnvironment(),
            NullLogger<AgentRunner>.Instance,
            options.Circuits,
            options.Limits,
            options.Metrics);
        Commands = new SessionCommands(config, store, Coordination, TimeProvider.System);
    }

    public HarnessOptions Options { get; }

    /// <summary>The runner's leases, registry, events, outcomes and idempotency entries.</summary>
    public InProcessRunCoordination Coordination { get; }

    /// <summary>Operator session commands sharing the runner's coordination.</summary>
    public SessionCommands Commands { get; }

    public FakeOpenAiUpstream Upstream { get; }

    public SqliteSessionStore Store { get; }

    public AgentRunner Runner { get; }

    public ConfigSnapshot Snapshot { get; }

    public string WorkspaceDir => _temp.Combine("workspace");

    public static async Task<AgentRunnerHarness> StartAsync(HarnessOptions? options = null)
    {
        options ??= new HarnessOptions();
        var temp = new TempDirectory();
        var upstream = await FakeOpenAiUpstream.StartAsync();
        var store = new SqliteSessionStore(temp.Combine("state", "openclaw-dotnet.sqlite"));
        await store.InitializeAsync(CancellationToken.None);
        var modelParams = options.ModelParamsJson is null ? "" : $$""", "models": { "fake/fake-model": { "params": {{options.ModelParamsJson}} } }""";
        var json = $$"""
            {
              "agents": {
                "defaults": {
                  "workspace": {{JsonSerializer.Serialize(temp.Combine("workspace"))}},
                  "model": { "primary": {{JsonSerializer.Serialize(options.Primary)}}, "fallbacks": {{JsonSerializer.Serialize(options.Fallbacks)}} },
                  "userTimezone": "UTC",
                  "thinkingDefault": {{JsonSerializer.Serialize(options.ThinkingDefault)}},
                  "maxConcurrent": {{options.MaxConcurrent}}{{modelParams}}
                }
              },
              "session": { "reset": { "mode": "off" } },
              "models": {
                "mode": "replace",
                "providers": {
                  "fake": {
                    "baseUrl": {{JsonSerializer.Serialize(upstream.BaseUrl.ToString())}},
                    "apiKey": "sk-test",
                    "api": "openai-completions",
                    "models": [ { "id": "fake-model", "reasoning": {{(options.ModelReasoning ? "true" : "false")}}, "input": {{JsonSerializer.Serialize(options.ModelInput)}}, "contextWindow": {{options.ContextWindow}}, "maxTokens": {{options.MaxTokens}} } ]
                  }{{(options.ExtraProvidersJson is null ? "" : ", " + options.ExtraProvidersJson.Replace("__UPSTREAM__", upstream.BaseUrl.ToString(), StringComparison.Ordinal))}}
                }
              }
            }
            """;
        var config = ConfigBinder.Bind(JsonNode.Parse(json)!.AsObject());
        var snapshot = TestConfig.Snapshot(config, temp.Combine("state"));
        return new AgentRunnerHarness(temp, upstream, store, new ChatClientFactory(new ProviderTimeouts(), options.Time), snapshot, options);
    }

    public static AgentRunRequest Request(string message, IAgentEventSink? events = null, string? sessionKey = null) => new()
    {
        RunId = "run-" + Guid.NewGuid().ToString("N"),
        Message = message,
        SessionKey = sessionKey,
        Events = events,
    };

    /// <summary>The chat messages of the n-th (1-based) upstream request as (role, content) pairs.</summary>
    public async Task<IReadOnlyList<(string Role, string Content)>> UpstreamMessagesAsync(int count)
    {
        var request = await Upstream.WaitForRequestAsync(count);
        return [.. request.Json!.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))];
    }

    public async ValueTask DisposeAsync()
    {
        await Upstream.DisposeAsync();
        await Store.DisposeAsync();
        _clients.Dispose();
        _temp.Dispose();
    }
}

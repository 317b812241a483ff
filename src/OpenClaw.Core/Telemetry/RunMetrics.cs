using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Telemetry;

/// <summary>
/// The run pipeline's instruments on the <see cref="GatewayTelemetry.Name"/> meter. Durations are in seconds;
/// labels are agents, providers, models, token types and outcomes only (never session keys, users or run ids).
/// Model calls follow the GenAI semantic conventions (<c>gen_ai.client.*</c>).
/// </summary>
public sealed class RunMetrics
{
    private static readonly double[] CallBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] FirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] OverheadBuckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];

    private readonly Counter<long> _runsStarted;
    private readonly Counter<long> _runsFinished;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _firstToken;
    private readonly Histogram<double> _overhead;
    private readonly Histogram<double> _laneWait;
    private long _active;
    private long _queued;
    private readonly Counter<long> _tokens;
    private readonly Histogram<long> _callTokens;
    private readonly Histogram<double> _callDuration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;
    private readonly Histogram<double> _toolDuration;
    private readonly Counter<long> _turnsPersisted;
    private readonly Histogram<double> _persistDuration;

    /// <param name="meterFactory">The host's meter factory; the meter is <see cref="GatewayTelemetry.Name"/>.</param>
    /// <param name="circuits">Reported as <c>openclaw.provider.circuit.state</c> when given.</param>
    public RunMetrics(IMeterFactory meterFactory, ProviderCircuits? circuits = null)
        : this(meterFactory?.Create(GatewayTelemetry.Name) ?? throw new ArgumentNullException(nameof(meterFactory)), circuits)
    {
    }

    private RunMetrics(Meter meter, ProviderCircuits? circuits)
    {
        _runsStarted = meter.CreateCounter<long>("openclaw.runs.started", "{run}", "Runs started, by agent.");
        _runsFinished = meter.CreateCounter<long>("openclaw.runs.finished", "{run}", "Runs finished, by agent and outcome (completed, aborted, timeout, rejected, error).");
        _runDuration = meter.CreateHistogram("openclaw.run.duration", "s", "Run duration from arrival to the terminal event, lane wait included.", advice: Seconds(CallBuckets));
        _firstToken = meter.CreateHistogram("openclaw.run.time_to_first_token", "s", "From the run's arrival to its first visible assistant delta.", advice: Seconds(FirstTokenBuckets));
        _overhead = meter.CreateHistogram(
            "openclaw.run.gateway_overhead", "s", "Run time not spent waiting in a lane, on the provider (calls and retry pauses) or on tools.", advice: Seconds(OverheadBuckets));
        _laneWait = meter.CreateHistogram("openclaw.run.lane_wait", "s", "Time a run waited for its session lane and a global slot.", advice: Seconds(FirstTokenBuckets));

        // Read when collected: a run changes them several times, and an observation costs nothing per run.
        meter.CreateObservableUpDownCounter("openclaw.runs.active", () => Volatile.Read(ref _active), "{run}", "Runs in flight (executing or waiting for a slot).");
        meter.CreateObservableUpDownCounter("openclaw.runs.queued", () => Volatile.Read(ref _queued), "{run}", "Runs waiting for their session lane or a global slot.");
        _tokens = meter.CreateCounter<long>("openclaw.tokens", "{token}", "Tokens billed, by agent, provider, model and type (input, output, cache_read, cache_write).");
        _callTokens = meter.CreateHistogram<long>(
            "gen_ai.client.token.usage", "{token}", "Tokens per model call (input includes cached input).", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _callDuration = meter.CreateHistogram("gen_ai.client.operation.duration", "s", "Duration of one model call; error.type is set when it failed.", advice: Seconds(CallBuckets));
        _retries = meter.CreateCounter<long>("openclaw.provider.retries", "{retry}", "Model calls repeated after a retryable failure.");
        _fallbacks = meter.CreateCounter<long>("openclaw.provider.fallbacks", "{fallback}", "Runs moved from a failing model to its fallback.");
        _toolDuration = meter.CreateHistogram("openclaw.tool.duration", "s", "Duration of one built-in tool call.", advice: Seconds(CallBuckets));
        _turnsPersisted = meter.CreateCounter<long>("openclaw.turns.persisted", "{turn}", "Turns written to the session store, by outcome (ok, failed).");
        _persistDuration = meter.CreateHistogram("openclaw.turn.persist.duration", "s", "Time to make a turn durable.", advice: Seconds(FirstTokenBuckets));
        if (circuits is not null)
        {
            meter.CreateObservableGauge(
                "openclaw.provider.circuit.state", () => CircuitStates(circuits), "{state}", "Each provider's circuit: 0 closed, 1 half-open, 2 open.");
        }
    }

    /// <summary>Instruments nobody listens to: for runners built without a host (tests, tools).</summary>
    internal static RunMetrics Detached { get; } = new(new Meter(GatewayTelemetry.Name + ".Detached"), null);

    internal void RunStarted(string agentId) => _runsStarted.Add(1, new KeyValuePair<string, object?>(TelemetryTags.AgentId, agentId));

    internal void ActiveChanged(int delta) => Interlocked.Add(ref _active, delta);

    internal void QueuedChanged(int delta) => Interlocked.Add(ref _queued, delta);

    internal void LaneWaited(string agentId, TimeSpan wait) => _laneWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.AgentId, agentId));

    internal void FirstToken(string agentId, ResolvedModel model, TimeSpan elapsed) =>
        _firstToken.Record(elapsed.TotalSeconds, Agent(agentId), Model(model));

    /// <summary>The run's terminal numbers: count by outcome, duration, and (for runs that executed) the gateway's overhead.</summary>
    internal void RunFinished(AgentRunResult result, RunTiming timing, TimeSpan duration)
    {
        var agentId = string.IsNullOrEmpty(result.AgentId) ? TelemetryTags.UnresolvedAgent : result.AgentId;
        var tags = new TagList { Agent(agentId), { TelemetryTags.RunOutcome, OutcomeOf(result) } };
        if (result.Error is { } error)
        {
            tags.Add(TelemetryTags.ErrorType, error.Reason);
        }

        _runsFinished.Add(1, tags);
        _runDuration.Record(duration.TotalSeconds, tags);
        if (timing.Executed)
        {
            _overhead.Record(timing.Overhead(duration).TotalSeconds, Agent(agentId));
        }
    }

    /// <summary>One model call (one attempt): its duration, its outcome and the tokens it reported.</summary>
    internal void ModelCall(string agentId, ResolvedModel model, TimeSpan elapsed, string? errorType, RunUsage? usage)
    {
        var tags = new TagList { { TelemetryTags.OperationName, TelemetryTags.Chat }, Provider(model), Model(model) };
        if (errorType is not null)
        {
            tags.Add(TelemetryTags.ErrorType, errorType);
        }

        _callDuration.Record(elapsed.TotalSeconds, tags);
        if (usage is null)
        {
            return;
        }

        _callTokens.Record(usage.Input + usage.CacheRead + usage.CacheWrite, CallTokenTags(agentId, model, "input"));
        _callTokens.Record(usage.Output, CallTokenTags(agentId, model, "output"));

        AddTokens(agentId, model, "input", usage.Input);
        AddTokens(agentId, model, "output", usage.Output);
        AddTokens(agentId, model, "cache_read", usage.CacheRead);
        AddTokens(agentId, model, "cache_write", usage.CacheWrite);
    }

    internal void Retry(ResolvedModel model, string reason) => _retries.Add(1, Provider(model), Model(model), new(TelemetryTags.ErrorType, reason));

    internal void Fallback(ResolvedModel from, string reason) => _fallbacks.Add(1, Provider(from), Model(from), new(TelemetryTags.ErrorType, reason));

    internal void ToolCall(string toolName, TimeSpan elapsed, bool failed)
    {
        var tags = new TagList { { TelemetryTags.ToolName, toolName } };
        if (failed)
        {
            tags.Add(TelemetryTags.ErrorType, "tool_error");
        }

        _toolDuration.Record(elapsed.TotalSeconds, tags);
    }

    internal void TurnPersisted(TimeSpan elapsed, bool ok)
    {
        _turnsPersisted.Add(1, new KeyValuePair<string, object?>("openclaw.persist.outcome", ok ? "ok" : "failed"));
        if (ok)
        {
            _persistDuration.Record(elapsed.TotalSeconds);
        }
    }

    /// <summary>completed, aborted, timeout, rejected (queue full or queue timeout) or error.</summary>
    internal static string OutcomeOf(AgentRunResult result) => result switch
    {
        { Error: null, Aborted: true } => "aborted",
        { Error: null } => "completed",
        { Error.Reason: RunErrorReasons.Timeout } => "timeout",
        { Error.Reason: RunErrorReasons.QueueFull or RunErrorReasons.QueueTimeout } => "rejected",
        _ => "error",
    };

    private void AddTokens(string agentId, ResolvedModel model, string type, long count)
    {
        if (count > 0)
        {
            _tokens.Add(count, Agent(agentId), Provider(model), Model(model), new(TelemetryTags.TokenType, type));
        }
    }

    private static IEnumerable<Measurement<int>> CircuitStates(ProviderCircuits circuits)
    {
        foreach (var status in circuits.All())
        {
            var value = status.State switch
            {
                ProviderCircuitStatus.Open => 2,
                ProviderCircuitStatus.HalfOpen => 1,
                _ => 0,
            };
            yield return new Measurement<int>(value, new KeyValuePair<string, object?>(TelemetryTags.ProviderName, status.ProviderId));
        }
    }

    private static TagList CallTokenTags(string agentId, ResolvedModel model, string type) =>
        new() { { TelemetryTags.OperationName, TelemetryTags.Chat }, Provider(model), Model(model), Agent(agentId), { TelemetryTags.TokenType, type } };

    private static KeyValuePair<string, object?> Agent(string agentId) => new(TelemetryTags.AgentId, agentId);

    private static KeyValuePair<string, object?> Provider(ResolvedModel model) => new(TelemetryTags.ProviderName, model.Ref.Provider);

    private static KeyValuePair<string, object?> Model(ResolvedModel model) => new(TelemetryTags.RequestModel, model.Ref.Model);

    private static InstrumentAdvice<double> Seconds(double[] buckets) => new() { HistogramBucketBoundaries = buckets };
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Runs;

/// <summary>
/// The one agent-run pipeline every entry point calls (agent-runtime.md §1.1): resolve the agent and session, register
/// the run and take the session's lease (<see cref="IRunCoordination"/>), enter the global lane, build the prompt,
/// stream the model, persist the turn, publish events, record the outcome.
/// </summary>
public sealed partial class AgentRunner(
    IConfigSource config,
    ISessionStore store,
    ChatClientFactory clients,
    ProviderRetryPolicy retryPolicy,
    IRunCoordination coordination,
    Prompt.WorkspaceManager workspaces,
    Tools.IAgentToolCatalog toolCatalog,
    TimeProvider time,
    IProcessEnvironment environment,
    ILogger<AgentRunner> logger,
    ProviderCircuits? circuits = null,
    RunLimits? limits = null,
    RunMetrics? metrics = null)
{
    // This process's runs (for shutdown and the local gauges); the coordination's registry is the one others query.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new(StringComparer.Ordinal);
    private readonly ProviderCircuits _circuits = circuits ?? ProviderCircuits.Disabled;
    private readonly RunLimits _limits = limits ?? new RunLimits();
    private readonly RunMetrics _metrics = metrics ?? RunMetrics.Detached;
    private int _queued;
    private FifoGate _globalLane = new(config.Current.Config.Agents.Defaults.MaxConcurrent);

    /// <summary>Runs currently executing or waiting in a lane.</summary>
    public int ActiveRuns => _active.Count;

    /// <summary>Runs currently waiting in a session lane or for a slot of the global lane.</summary>
    public int QueuedRuns => Volatile.Read(ref _queued);

    /// <summary>
    /// The <see cref="RunErrorReasons.QueueFull"/> error a run starting now would get, or null while there is room. An
    /// entry point that must answer before the run starts (a stream sends its headers first) asks this beforehand.
    /// </summary>
    public RunError? QueueFullError() => QueuedRuns >= _limits.MaxQueuedRuns ? QueueFull() : null;

    /// <summary>Cancels every active run (shutdown after the drain window); partial output is persisted.</summary>
    public void CancelAll()
    {
        foreach (var (_, cancellation) in _active)
        {
            TryCancel(cancellation);
        }
    }

    /// <summary>Completes when no run is active, or when <paramref name="cancellationToken"/> fires.</summary>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        while (!_active.IsEmpty && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one turn. Failures are returned in <see cref="AgentRunResult.Error"/>, never thrown.</summary>
    public async Task<AgentRunResult> RunAsync(AgentRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timing = new RunTiming(time.GetTimestamp());
        using var activity = RunTracing.StartRun(request.RunId);
        var result = await RunCoreAsync(request, timing, activity, cancellationToken).ConfigureAwait(false);
        _metrics.RunFinished(result, timing, time.GetElapsedTime(timing.StartedTimestamp));
        RunTracing.RunFinished(activity, result);
        await RecordOutcomeAsync(result, timing.StartedAt).ConfigureAwait(false);
        return result;
    }

    /// <summary>Records how the run ended for <c>agent.wait</c>; a failure to do so never fails the run itself.</summary>
    private async Task RecordOutcomeAsync(AgentRunResult result, long? startedAt)
    {
        var outcome = new RunOutcome(
            result.RunId,
            startedAt,
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            result.Error is null ? RunOutcome.Ok : RunOutcome.Failed,
            result.Error is null ? result.StopReason : null,
            result.Error?.Message);
        try
        {
            await coordination.Outcomes.FinishedAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.OutcomeNotRecorded(logger, ex, result.RunId);
        }
    }

    private async Task<AgentRunResult> RunCoreAsync(AgentRunRequest request, RunTiming timing, Activity? activity, CancellationToken cancellationToken)
    {
        var snapshot = config.Current;
        var started = Stopwatch.GetTimestamp();
        var agentId = ResolveAgentId(request, snapshot, out var agentError);
        var sessionKey = agentId is null
            ? request.SessionKey ?? ""
            : SessionKeys.Canonicalize(request.SessionKey, agentId, snapshot.Config.Session.MainKey, snapshot.Config.Session.Scope == "global");
        if (agentId is null)
        {
            _metrics.RunStarted(TelemetryTags.UnresolvedAgent);
            return Failed(request.RunId, "", sessionKey, new RunError(RunErrorReasons.Internal, agentError!));
        }

        RunTracing.AgentResolved(activity, agentId);

        var timeoutSeconds = request.TimeoutSeconds ?? snapshot.Config.Agents.Defaults.TimeoutSeconds;
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeoutCts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), time);
        using var timeoutLink = timeoutCts.Token.Register(runCts.Cancel);
        await using var registration = await coordination.Runs.RegisterAsync(new RunRegistration(request.RunId, sessionKey, runCts), cancellationToken).ConfigureAwait(false);
        _active[request.RunId] = runCts;

        // Counted once the run is registered: a duplicate id throws before, and is neither started nor finished.
        _metrics.RunStarted(agentId);
        _metrics.ActiveChanged(1);
        timing.StartedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var run = new RunState(request, snapshot, agentId, sessionKey, timing.StartedAt.Value, timeoutCts.Token, timeoutSeconds, timing);
        var queued = Interlocked.Increment(ref _queued);
        _metrics.QueuedChanged(1);
        var waiting = true;
        try
        {
            if (queued > _limits.MaxQueuedRuns)
            {
                Log.QueueFull(logger, request.RunId, _limits.MaxQueuedRuns);
                var error = QueueFull();
                PublishFailed(run, error.Message);
                return Failed(request.RunId, agentId, sessionKey, error);
            }

            await using var lease = await coordination.Leases.AcquireAsync(sessionKey, runCts.Token).ConfigureAwait(false);
            using var leaseLost = lease.Lost.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), runCts);
            using var slot = await EnterGlobalLaneAsync(runCts.Token).ConfigureAwait(false);
            waiting = false;
            Interlocked.Decrement(ref _queued);
            _metrics.QueuedChanged(-1);
            timing.LaneWait = time.GetElapsedTime(timing.StartedTimestamp);
            timing.Executed = true;
            _metrics.LaneWaited(agentId, timing.LaneWait);
            return await ExecuteAsync(run, runCts.Token, started).ConfigureAwait(false);
        }
        catch (QueueTimeoutException)
        {
            Log.QueueTimeout(logger, request.RunId, (long)_limits.QueueTimeout!.Value.TotalSeconds);
            var error = new RunError(
                RunErrorReasons.QueueTimeout,
                $"the gateway is busy: no run slot freed within {_limits.QueueTimeout.Value.TotalSeconds:0.###}s",
                RetryAfter: _limits.QueueTimeout);
            PublishFailed(run, error.Message);
            return Failed(request.RunId, agentId, sessionKey, error);
        }
        catch (OperationCanceledException) when (runCts.IsCancellationRequested)
        {
            // Cancelled while waiting in a lane: nothing was persisted; watchers still learn how the run ended.
            var error = timeoutCts.IsCancellationRequested
                ? new RunError(RunErrorReasons.Timeout, $"Agent run timed out after {timeoutSeconds}s")
                : null;
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (error is null)
            {
                Publish(run, null, new LifecycleEnded(run.StartedAt, now, true, "aborted"));
            }
            else
            {
                PublishFailed(run, error.Message);
            }

            return new AgentRunResult
            {
                RunId = request.RunId,
                AgentId = agentId,
                SessionKey = sessionKey,
                Aborted = error is null,
                StopReason = "aborted",
                Error = error,
                DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Store or workspace failures: the run ends with an error event unless it already ended.
            Log.RunCrashed(logger, ex, request.RunId);
            PublishFailed(run, "internal error");
            return Failed(request.RunId, agentId, sessionKey, new RunError(RunErrorReasons.Internal, "internal error"));
        }
        finally
        {
            if (waiting)
            {
                Interlocked.Decrement(ref _queued);
                _metrics.QueuedChanged(-1);
            }

            _active.TryRemove(request.RunId, out _);
            _metrics.ActiveChanged(-1);
        }
    }

    private static string? ResolveAgentId(AgentRunRequest request, ConfigSnapshot snapshot, out string? error)
    {
        error = null;
        string? keyAgent = null;
        if (request.SessionKey is { } key && SessionKeys.TryGetAgentId(key.Trim(), out var fromKey))
        {
            keyAgent = fromKey;
        }

        if (request.AgentId is { } explicitId)
        {
            var normalized = explicitId.Trim().ToLowerInvariant();
            if (!snapshot.Agents.Contains(normalized))
            {
                error = $"unknown agent id \"{explicitId}\"";
                return null;
            }

            if (keyAgent is not null && keyAgent != normalized)
            {
                error = $"agent id \"{normalized}\" does not match session key agent \"{keyAgent}\"";
                return null;
            }

            return normalized;
        }

        if (keyAgent is not null)
        {
            if (!snapshot.Agents.Contains(keyAgent))
            {
                error = $"unknown agent id \"{keyAgent}\"";
                return null;
            }

            return keyAgent;
        }

        return snapshot.Agents.DefaultAgentId;
    }

    /// <summary>A run may finish and dispose its source between the lookup and the cancel.</summary>
    private static bool TryCancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// A slot of the global lane; with a <see cref="RunLimits.QueueTimeout"/>, a wait longer than it throws
    /// <see cref="QueueTimeoutException"/> (the session lane is still held, so order within the session is kept).
    /// </summary>
    private async ValueTask<FifoGate.Releaser> EnterGlobalLaneAsync(CancellationToken cancellationToken)
    {
        if (_limits.QueueTimeout is not { } queueTimeout || queueTimeout <= TimeSpan.Zero)
        {
            return await GlobalLane().EnterAsync(cancellationToken).ConfigureAwait(false);
        }

        using var waitCts = new CancellationTokenSource(queueTimeout, time);
        using var link = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), waitCts);
        try
        {
            return await GlobalLane().EnterAsync(waitCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new QueueTimeoutException();
        }
    }

    private sealed class QueueTimeoutException : Exception;

    private RunError QueueFull() => new(
        RunErrorReasons.QueueFull,
        $"the gateway is busy: {_limits.MaxQueuedRuns} runs are already waiting for a slot",
        RetryAfter: _limits.QueueFullRetryAfter);

    private FifoGate GlobalLane()
    {
        // A reloaded maxConcurrent takes effect for runs that enter the lane after the reload; the current config
        // decides, not the run's own (possibly older) snapshot, so gates are never swapped back and forth.
        var capacity = config.Current.Config.Agents.Defaults.MaxConcurrent;
        var gate = Volatile.Read(ref _globalLane);
        if (gate.Capacity != capacity)
        {
            Interlocked.CompareExchange(ref _globalLane, new FifoGate(capacity), gate);
        }

        return Volatile.Read(ref _globalLane);
    }

    private static AgentRunResult Failed(string runId, string agentId, string sessionKey, RunError error) => new()
    {
        RunId = runId,
        AgentId = agentId,
        SessionKey = sessionKey,
        StopReason = "error",
        Error = error,
    };
}

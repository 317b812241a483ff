using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Agents;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs.Invocation;
using OpenClaw.Core.Runs.Steps;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Runs;

/// <summary>
/// The one agent-run pipeline every entry point calls (agent-runtime.md §1.1). A fixed entry resolves the agent and
/// session key (<see cref="RunTargets"/>), registers the run and waits for the session's lease and a slot of the global
/// lane (<see cref="IRunCoordination"/>, <see cref="RunLanes"/>); then the ordered steps (<c>Steps/</c>: load session,
/// select model, build prompt, start turn, tool loop) run over the <see cref="RunState"/>; the fixed end is the model
/// invoker (<c>Invocation/</c>: retry, fallback, circuit breaker) and the <see cref="TurnPersister"/>. The run's
/// outcome is recorded for <c>agent.wait</c>.
/// </summary>
public sealed class AgentRunner
{
    // This process's runs (for shutdown and the local gauges); the coordination's registry is the one others query.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new(StringComparer.Ordinal);
    private readonly IConfigSource _config;
    private readonly IRunCoordination _coordination;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentRunner> _logger;
    private readonly RunMetrics _metrics;
    private readonly RunLanes _lanes;
    private readonly RunEventPublisher _publisher;
    private readonly IReadOnlyList<IRunStep> _steps;
    private readonly TurnPersister _persister;

    public AgentRunner(
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
        _config = config;
        _coordination = coordination;
        _time = time;
        _logger = logger;
        _metrics = metrics ?? RunMetrics.Detached;
        _lanes = new RunLanes(config, limits ?? new RunLimits(), time, _metrics);
        _publisher = new RunEventPublisher(coordination.Events, time);
        var modelCall = new ModelStreamCall(clients, _publisher, time, _metrics, logger);
        var invoker = new ModelInvoker(modelCall, retryPolicy, circuits ?? ProviderCircuits.Disabled, clients.Timeouts, environment, time, _metrics, logger);
        _steps =
        [
            new LoadSessionStep(store, workspaces, time),
            new SelectModelStep(environment, _publisher, logger),
            new BuildPromptStep(toolCatalog, workspaces, logger),
            new StartTurnStep(store, _publisher),
            new ToolLoopStep(invoker, _publisher, time, _metrics, logger),
        ];
        _persister = new TurnPersister(store, retryPolicy, _publisher, time, _metrics, logger);
    }

    /// <summary>Runs currently executing or waiting in a lane.</summary>
    public int ActiveRuns => _active.Count;

    /// <summary>Runs currently waiting in a session lane or for a slot of the global lane.</summary>
    public int QueuedRuns => _lanes.Queued;

    /// <summary>
    /// The <see cref="RunErrorReasons.QueueFull"/> error a run starting now would get, or null while there is room. An
    /// entry point that must answer before the run starts (a stream sends its headers first) asks this beforehand.
    /// </summary>
    public RunError? QueueFullError() => QueuedRuns >= _lanes.Limits.MaxQueuedRuns ? _lanes.QueueFull() : null;

    /// <summary>Cancels every active run (shutdown after the drain window); partial output is persisted.</summary>
    public void CancelAll()
    {
        foreach (var (_, cancellation) in _active)
        {
            cancellation.TryCancel();
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
        var timing = new RunTiming(_time.GetTimestamp());
        using var activity = RunTracing.StartRun(request.RunId);
        var result = await RunCoreAsync(request, timing, activity, cancellationToken).ConfigureAwait(false);
        _metrics.RunFinished(result, timing, _time.GetElapsedTime(timing.StartedTimestamp));
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
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            result.Error is null ? RunOutcome.Ok : RunOutcome.Failed,
            result.Error is null ? result.StopReason : null,
            result.Error?.Message);
        try
        {
            await _coordination.Outcomes.FinishedAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RunLog.OutcomeNotRecorded(_logger, ex, result.RunId);
        }
    }

    /// <summary>
    /// The fixed entry: resolve the agent and session, register the run, wait for the session's lease and a slot of the
    /// global lane; then the steps in order, and the turn persister at the end.
    /// </summary>
    private async Task<AgentRunResult> RunCoreAsync(AgentRunRequest request, RunTiming timing, Activity? activity, CancellationToken cancellationToken)
    {
        var snapshot = _config.Current;
        var started = Stopwatch.GetTimestamp();
        var target = RunTargets.Resolve(snapshot, request.AgentId, request.SessionKey);
        if (!target.IsResolved)
        {
            _metrics.RunStarted(TelemetryTags.UnresolvedAgent);
            return AgentRunResult.Failure(request.RunId, "", target.SessionKey, new RunError(RunErrorReasons.Internal, target.Error!));
        }

        var (agentId, sessionKey) = (target.AgentId, target.SessionKey);
        RunTracing.AgentResolved(activity, agentId);

        var timeoutSeconds = request.TimeoutSeconds ?? snapshot.Config.Agents.Defaults.TimeoutSeconds;
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timeoutCts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), _time);
        using var timeoutLink = timeoutCts.Token.Register(runCts.Cancel);
        await using var registration = await _coordination.Runs.RegisterAsync(new RunRegistration(request.RunId, sessionKey, runCts), cancellationToken).ConfigureAwait(false);
        _active[request.RunId] = runCts;

        // Counted once the run is registered: a duplicate id throws before, and is neither started nor finished.
        _metrics.RunStarted(agentId);
        _metrics.ActiveChanged(1);
        timing.StartedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var run = new RunState(request, snapshot, agentId, sessionKey, timing.StartedAt.Value, timeoutCts.Token, timeoutSeconds, timing) { StopwatchStarted = started, Cancellation = runCts };
        var waiting = _lanes.TryQueue();
        try
        {
            if (!waiting)
            {
                RunLog.QueueFull(_logger, request.RunId, _lanes.Limits.MaxQueuedRuns);
                var error = _lanes.QueueFull();
                _publisher.PublishFailed(run, error.Message);
                return run.Failed(error);
            }

            await using var lease = await _coordination.Leases.AcquireAsync(sessionKey, runCts.Token).ConfigureAwait(false);
            using var leaseLost = lease.Lost.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), runCts);
            using var slot = await _lanes.EnterAsync(runCts.Token).ConfigureAwait(false);
            waiting = false;
            _lanes.Dequeued();
            timing.LaneWait = _time.GetElapsedTime(timing.StartedTimestamp);
            timing.Executed = true;
            _metrics.LaneWaited(agentId, timing.LaneWait);
            return await RunStepsAsync(run, runCts.Token).ConfigureAwait(false);
        }
        catch (QueueTimeoutException)
        {
            RunLog.QueueTimeout(_logger, request.RunId, (long)_lanes.Limits.QueueTimeout!.Value.TotalSeconds);
            var error = _lanes.QueueTimedOut();
            _publisher.PublishFailed(run, error.Message);
            return run.Failed(error);
        }
        catch (OperationCanceledException) when (runCts.IsCancellationRequested)
        {
            // Cancelled while waiting in a lane: nothing was persisted; watchers still learn how the run ended.
            var error = timeoutCts.IsCancellationRequested
                ? new RunError(RunErrorReasons.Timeout, $"Agent run timed out after {timeoutSeconds}s")
                : null;
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (error is null)
            {
                _publisher.Publish(run, null, new LifecycleEnded(run.StartedAt, now, true, "aborted"));
            }
            else
            {
                _publisher.PublishFailed(run, error.Message);
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
        catch (SessionStoreUnavailableException ex)
        {
            RunLog.StoreUnavailable(_logger, ex, request.RunId);
            _publisher.PublishFailed(run, RunError.StoreUnavailable.Message);
            return run.Failed(RunError.StoreUnavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Store or workspace failures: the run ends with an error event unless it already ended.
            RunLog.RunCrashed(_logger, ex, request.RunId);
            _publisher.PublishFailed(run, "internal error");
            return run.Failed(new RunError(RunErrorReasons.Internal, "internal error"));
        }
        finally
        {
            if (waiting)
            {
                _lanes.Dequeued();
            }

            _active.TryRemove(request.RunId, out _);
            _metrics.ActiveChanged(-1);
        }
    }

    /// <summary>The ordered steps; one that returns a result ends the run there, otherwise the turn persister ends it.</summary>
    private async Task<AgentRunResult> RunStepsAsync(RunState run, CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            if (await step.ExecuteAsync(run, cancellationToken).ConfigureAwait(false) is { } ended)
            {
                return ended;
            }
        }

        return await _persister.FinishAsync(run).ConfigureAwait(false);
    }
}

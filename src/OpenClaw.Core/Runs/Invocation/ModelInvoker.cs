using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Runs.Invocation;

/// <summary>
/// Model calls with retry, fallback and the circuit breaker (agent-runtime.md §5.6): the end of the pipeline that
/// every model call of a run goes through.
/// </summary>
internal sealed class ModelInvoker(
    IModelCall call,
    ProviderRetryPolicy retryPolicy,
    ProviderCircuits circuits,
    ProviderTimeouts timeouts,
    IProcessEnvironment environment,
    TimeProvider time,
    RunMetrics metrics,
    ILogger logger) : IModelInvoker
{
    /// <summary>
    /// Calls the primary model and, after retryable failures, its fallbacks (agent-runtime.md §5.6): each model is
    /// called up to the policy's attempts (no retry once the run's failed calls used up the policy's failure budget);
    /// a call that already streamed output to subscribers is never repeated; <c>format</c> failures end the run at
    /// once; a provider whose circuit is open is skipped; otherwise the run fails with the last real failure (not
    /// with a refusal of a circuit that this run's own failures may have opened).
    /// </summary>
    public async Task<(ModelCallOutcome Outcome, ResolvedModel Model)> InvokeAsync(
        RunState run, ResolvedModel primary, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var messageIndex = run.AssistantMessages++;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        var model = primary;
        var fallbacks = ModelResolver.Fallbacks(run.Snapshot.Config, run.AgentId);
        var next = 0;
        (ModelCallOutcome Outcome, ResolvedModel Model)? lastReal = null;
        while (true)
        {
            tried.Add(model.Ref.ToString());
            var outcome = await CallWithRetriesAsync(run, model, messages, messageIndex, cancellationToken).ConfigureAwait(false);
            if (outcome.Failure is not { } failure || outcome.Cancelled || outcome.Emitted || ProviderRetryPolicy.IsFinal(failure.Reason))
            {
                return (outcome, model);
            }

            if (failure.Reason != ProviderFailureReason.CircuitOpen)
            {
                lastReal = (outcome, model);
            }

            // The next fallback that resolves; one that cannot (unknown, no credentials) is a failure of its own.
            ResolvedModel? fallback = null;
            while (fallback is null && next < fallbacks.Count)
            {
                var candidate = fallbacks[next++];
                var (resolved, error) = ModelResolver.ResolveRef(run.Snapshot.Config, candidate, environment);
                if (resolved is null)
                {
                    RunLog.FallbackUnavailable(logger, run.Request.RunId, candidate, error!.Message);
                    continue;
                }

                fallback = tried.Contains(resolved.Ref.ToString()) ? null : resolved;
            }

            if (fallback is null)
            {
                return lastReal ?? (outcome, model);
            }

            RunLog.FallingBack(logger, run.Request.RunId, model.Ref.ToString(), failure.Reason, fallback.Ref.ToString());
            metrics.Fallback(model, failure.Reason);
            model = fallback;

            // A text-only fallback gets the turn without its images, as a text-only primary would have (§4.6).
            if (!model.AcceptsImages)
            {
                WithoutImages(messages);
            }

            // The prompt names the model it talks to (agent-runtime.md §4.2): rebuilt for the fallback.
            if (run.SystemPrompt is { } prompt && messages.Count > 0 && messages[0].Role == ChatRole.System)
            {
                run.SystemPrompt = prompt with { ModelIdentity = model.Ref.ToString() };
                messages[0] = new ChatMessage(ChatRole.System, SystemPromptBuilder.Build(run.SystemPrompt));
            }
        }
    }

    /// <summary>
    /// Calls one model up to the policy's attempts. The run takes one permit of the provider's circuit for all of them
    /// and reports one verdict: a failing request counts once, however often it was retried, so one bad request
    /// cannot open the circuit for everyone.
    /// </summary>
    private async Task<ModelCallOutcome> CallWithRetriesAsync(
        RunState run, ResolvedModel model, List<ChatMessage> messages, int messageIndex, CancellationToken cancellationToken)
    {
        ProviderCircuitBreaker.Permit? permit = null;
        if (circuits.For(model) is { } circuit && (permit = circuit.TryEnter(out var retryAfter)) is null)
        {
            RunLog.CircuitOpen(logger, run.Request.RunId, model.Ref.ToString(), (long)Math.Ceiling(retryAfter.TotalSeconds));
            return Refused(model, retryAfter);
        }

        var outcome = default(ModelCallOutcome);
        var attemptTook = TimeSpan.Zero;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var started = time.GetTimestamp();
                outcome = await call.CallAsync(run, model, messages, messageIndex, cancellationToken).ConfigureAwait(false);
                attemptTook = time.GetElapsedTime(started);
                if (outcome.Failure is not { } failure || outcome.Cancelled)
                {
                    return outcome;
                }

                run.FailedCallTime += attemptTook;
                if (outcome.Emitted || retryPolicy.DelayBefore(attempt + 1, failure) is not { } delay)
                {
                    return outcome;
                }

                if (run.FailedCallTime + delay > retryPolicy.FailureBudget)
                {
                    RunLog.FailureBudgetSpent(logger, run.Request.RunId, (long)run.FailedCallTime.TotalSeconds);
                    return outcome;
                }

                RunLog.RetryingModelCall(logger, run.Request.RunId, model.Ref.ToString(), failure.Reason, attempt, (long)delay.TotalMilliseconds);
                metrics.Retry(model, failure.Reason);
                try
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                    run.FailedCallTime += delay;
                    run.Timing.ProviderTime += delay;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Nothing of the failed attempt reached a subscriber: there is no partial answer to keep.
                    outcome = outcome with { Failure = null, Cancelled = true, Text = "" };
                    return outcome;
                }
            }
        }
        finally
        {
            // Also when something threw: a probe permit that is never completed would keep the circuit shut.
            permit?.Complete(outcome is null ? CallVerdict.Neutral : VerdictOf(run, outcome, attemptTook >= HungAfter(model)), outcome?.Failure?.Reason);
        }
    }

    /// <summary>A call the provider's open circuit refused: nothing was sent upstream.</summary>
    private static ModelCallOutcome Refused(ResolvedModel model, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var failure = new ProviderException(
            ProviderFailureReason.CircuitOpen,
            $"upstream provider {model.Ref.Provider} is unavailable after repeated failures; retry after {seconds}s",
            code: ProviderFailureReason.CircuitOpen,
            retryAfter: TimeSpan.FromSeconds(seconds));
        return new ModelCallOutcome("", "error", null, failure, Cancelled: false, Emitted: false, []);
    }

    /// <summary>
    /// How long a call must have waited without a byte before a run timeout that cuts it counts against the provider:
    /// its first-byte deadline, at most 30 s (a run that merely ran out of time, with the call just started, does not).
    /// </summary>
    private TimeSpan HungAfter(ResolvedModel model)
    {
        var firstByte = timeouts.For(model).FirstByte;
        return firstByte < TimeSpan.FromSeconds(30) ? firstByte : TimeSpan.FromSeconds(30);
    }

    /// <summary>
    /// What a call says about its provider. Hangs, broken connections, 5xx, 529 and unreadable streams count against
    /// it, and so does a run that timed out while its call had waited long without a byte. A caller's cancellation, a
    /// 4xx, or a connection lost while the gateway itself had stopped reading (its client was not keeping up) say nothing.
    /// </summary>
    private static CallVerdict VerdictOf(RunState run, ModelCallOutcome outcome, bool waitedLong) => outcome switch
    {
        { Cancelled: true, Emitted: false } when run.Timeout.IsCancellationRequested && waitedLong => CallVerdict.Failed,
        { Cancelled: true } => CallVerdict.Neutral,
        { Failure: null } => CallVerdict.Healthy,
        { Failure.Reason: ProviderFailureReason.Timeout, ClientPaused: true } => CallVerdict.Neutral,
        { Failure.Reason: var reason } when ProviderFailureReason.CountsAgainstProvider(reason) => CallVerdict.Failed,
        _ => CallVerdict.Neutral,
    };

    private static void WithoutImages(List<ChatMessage> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role == ChatRole.User && messages[i].Contents.Any(c => c is DataContent))
            {
                messages[i] = new ChatMessage(ChatRole.User, [.. messages[i].Contents.Where(c => c is not DataContent)]);
            }
        }
    }
}

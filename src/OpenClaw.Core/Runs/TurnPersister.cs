using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Runs;

/// <summary>
/// The pipeline's fixed end: makes the turn durable (the assistant's answer and the tool loop's entries, on top of the
/// turn's start, with the session row's usage and model), publishes the run's terminal event and builds its result.
/// A turn that cannot be persisted fails the run; its answer is never reported as final.
/// </summary>
internal sealed class TurnPersister(ISessionStore store, ProviderRetryPolicy retryPolicy, RunEventPublisher publisher, TimeProvider time, RunMetrics metrics, ILogger logger)
{
    /// <summary>The run error when the store refused a turn's write.</summary>
    internal const string PersistFailedMessage = "failed to persist the turn";

    /// <summary>The run error when another writer appended to the transcript under the turn; sending it again works.</summary>
    internal const string SessionConflictMessage = "the session was changed by another writer; send the message again";

    public async Task<AgentRunResult> FinishAsync(RunState run)
    {
        if (await StartRefusedAsync(run).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var model = run.AnsweredBy!;
        var sessionId = run.SessionId;
        var outcome = run.Outcome!;
        var endedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var timedOut = outcome.Cancelled && run.Timeout.IsCancellationRequested;
        var aborted = outcome.Cancelled && !timedOut;
        var stopReason = outcome.Cancelled ? "aborted" : outcome.Failure is not null ? "error" : outcome.StopReason;
        RunError? error = timedOut
            ? new RunError(RunErrorReasons.Timeout, $"Agent run timed out after {run.TimeoutSeconds}s")
            : outcome.Failure is { } failure
                ? new RunError(failure.Reason, failure.Message, failure.Status, failure.Code, failure.RetryAfter ?? SuggestedRetryAfter(failure))
                : null;

        var entries = new List<TranscriptEntry>(run.LoopEntries.Count + 1);
        entries.AddRange(run.LoopEntries);

        // A run the tool loop ended has its last assistant message (with the calls) in the loop entries already.
        if ((!outcome.Cancelled || outcome.Text.Length > 0) && !outcome.AlreadyRecorded)
        {
            entries.Add(run.AppendEntry((seq, id) => TranscriptFormat.AssistantMessage(
                sessionId, seq, id, run.LastEntryId, endedAt, outcome.Text, model.Api, model.Ref.Provider, model.Ref.Model,
                outcome.Usage ?? RunUsage.Zero, stopReason, outcome.Failure?.Message)));
        }

        run.Session = SessionRows.Finished(run.Session!, run, model, endedAt, aborted || timedOut);
        var persistStarted = time.GetTimestamp();
        using (var persisting = RunTracing.StartPersist())
        {
            try
            {
                // The end of a turn goes on top of its start (StartTurnStep wrote it): never an answer without its question.
                await store.WriteAsync(
                    new SessionWrite { Session = run.Session, Entries = entries, ExpectedSessionId = sessionId, ExpectedLastSeq = run.TurnStartSeq },
                    CancellationToken.None).ConfigureAwait(false);
                metrics.TurnPersisted(time.GetElapsedTime(persistStarted), ok: true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RunLog.PersistFailed(logger, ex, run.Request.RunId, run.SessionKey);
                error = Refused(ex);
                metrics.TurnPersisted(time.GetElapsedTime(persistStarted), ok: false);
                RunTracing.Failed(persisting, "persist_failed", null);
            }
        }

        var durationMs = (long)Stopwatch.GetElapsedTime(run.StopwatchStarted).TotalMilliseconds;
        if (error is null)
        {
            publisher.Publish(run, sessionId, new LifecycleEnded(run.StartedAt, endedAt, aborted, stopReason));
            RunLog.RunCompleted(logger, run.Request.RunId, run.AgentId, model.Ref.ToString(), stopReason, durationMs, run.Usage.Input, run.Usage.Output);
        }
        else
        {
            publisher.Publish(run, sessionId, new LifecycleFailed(run.StartedAt, endedAt, error.Message));
            RunLog.RunFailed(logger, run.Request.RunId, run.AgentId, model.Ref.ToString(), error.Reason, durationMs);
        }

        return new AgentRunResult
        {
            RunId = run.Request.RunId,
            AgentId = run.AgentId,
            SessionKey = run.SessionKey,
            SessionId = sessionId,
            Payloads = run.Payloads,
            StopReason = stopReason,
            Aborted = aborted,
            DurationMs = durationMs,
            Provider = model.Ref.Provider,
            Model = model.Ref.Model,
            Usage = run.Usage,
            LastCallUsage = run.LastCallUsage,
            PendingToolCalls = error is null ? run.PendingToolCalls : [],
            Error = error,
        };
    }

    /// <summary>
    /// Waits for the turn's start write; when the store refused it, ends the run there (nothing of the turn is stored
    /// and the model call, cancelled by the start step, is not reported): a conflict with another writer is
    /// <c>session_conflict</c>, any other failure the persist failure.
    /// </summary>
    private async Task<AgentRunResult?> StartRefusedAsync(RunState run)
    {
        try
        {
            await run.TurnStarted.ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (ex is TranscriptConflictException conflict)
            {
                RunLog.TranscriptConflict(logger, run.Request.RunId, run.SessionKey, conflict.ExpectedLastSeq, conflict.ActualLastSeq);
            }
            else
            {
                RunLog.PersistFailed(logger, ex, run.Request.RunId, run.SessionKey);
            }

            var error = Refused(ex);
            publisher.PublishFailed(run, error.Message);
            return run.Failed(error);
        }
    }

    /// <summary>
    /// The run error of a write the store refused: another writer's append is a conflict, a store that cannot be
    /// reached is unavailable (retry), anything else a persist failure.
    /// </summary>
    private static RunError Refused(Exception ex) => ex switch
    {
        TranscriptConflictException => new RunError(RunErrorReasons.SessionConflict, SessionConflictMessage, 409),
        SessionStoreUnavailableException => RunError.StoreUnavailable,
        _ => new RunError(RunErrorReasons.Internal, PersistFailedMessage),
    };

    /// <summary>A provider that did not say when to come back: the pause the retry policy would have made next.</summary>
    private TimeSpan? SuggestedRetryAfter(ProviderException failure) =>
        ProviderRetryPolicy.IsRetryable(failure.Reason) ? retryPolicy.SuggestedRetryAfter : null;
}

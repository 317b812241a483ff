using Microsoft.Extensions.Logging;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// Starts the turn: writes the user's entry and the session row (a new or reset session gets its transcript header, a
/// reset one archives the old transcript) and publishes the lifecycle start. The write expects the transcript to end
/// where the turn read it, so a concurrent writer (another process on the same store) ends the run here, before the
/// model call is paid for. It is not flushed to disk: the turn's durable end write covers it.
/// </summary>
internal sealed class StartTurnStep(ISessionStore store, RunEventPublisher publisher, ILogger logger) : IRunStep
{
    public async ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken)
    {
        var nowMs = run.Now.ToUnixTimeMilliseconds();
        var sessionId = run.SessionId;
        var readUpTo = run.NextEntrySeq - 1;
        var userEntry = run.AppendEntry((seq, id) => TranscriptFormat.UserMessage(sessionId, seq, id, run.LastEntryId, nowMs, run.UserText!));
        run.TurnStartSeq = userEntry.Seq;
        var session = SessionRows.Started(run, nowMs);
        if (run.Reset?.ModelOverride is { } chosen)
        {
            session = session with { ModelOverride = chosen };
        }

        // Levels and a label given with the turn are remembered for the session's next turns.
        run.Session = session with
        {
            ThinkingLevel = run.Request.Thinking ?? session.ThinkingLevel,
            VerboseLevel = run.Request.Verbose ?? session.VerboseLevel,
            Label = run.Request.Label ?? session.Label,
        };
        var write = store.WriteAsync(
            new SessionWrite
            {
                Session = run.Session,
                NewTranscript = run.Fresh ? null : new TranscriptHeader(sessionId, run.AgentId, run.SessionKey, nowMs, run.WorkspaceDir),
                Archive = run.Existing is not null && !run.Fresh ? (run.Existing.SessionId, "reset") : null,
                Entries = [userEntry],
                ExpectedLastSeq = readUpTo,

                // The turn's final write is durable and, being later in the same queue, makes this one durable too.
                Durable = false,
            },
            CancellationToken.None);
        publisher.Publish(run, sessionId, new LifecycleStarted(run.StartedAt));
        try
        {
            await write.ConfigureAwait(false);
            return null;
        }
        catch (TranscriptConflictException ex)
        {
            RunLog.TranscriptConflict(logger, run.Request.RunId, run.SessionKey, ex.ExpectedLastSeq, ex.ActualLastSeq);
            publisher.PublishFailed(run, TurnPersister.SessionConflictMessage);
            return run.Failed(new RunError(RunErrorReasons.SessionConflict, TurnPersister.SessionConflictMessage, 409));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RunLog.PersistFailed(logger, ex, run.Request.RunId, run.SessionKey);
            publisher.PublishFailed(run, TurnPersister.PersistFailedMessage);
            return run.Failed(new RunError(RunErrorReasons.Internal, TurnPersister.PersistFailedMessage));
        }
    }
}

using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// Starts the turn: queues the write of the user's entry and the session row (a new or reset session gets its
/// transcript header, a reset one archives the old transcript) and publishes the lifecycle start. The write expects
/// the transcript to end where the turn read it; it commits while the model call goes out instead of holding the call
/// back, and should the store refuse it (another process appended to the transcript), the run is cancelled at once:
/// the model call is dropped before it has answered, no tool runs, and the turn persister ends the run with
/// <c>session_conflict</c>. It is not flushed to disk: the turn's durable end write covers it.
/// </summary>
internal sealed class StartTurnStep(ISessionStore store, RunEventPublisher publisher) : IRunStep
{
    public ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken)
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
        run.TurnStarted = store.WriteAsync(
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
        if (run.Cancellation is { } cancellation)
        {
            _ = CancelIfRefusedAsync(run.TurnStarted, cancellation);
        }

        publisher.Publish(run, sessionId, new LifecycleStarted(run.StartedAt));
        return ValueTask.FromResult<AgentRunResult?>(null);
    }

    private static async Task CancelIfRefusedAsync(Task write, CancellationTokenSource run)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The turn persister reports why; the run may have ended (and disposed its source) in between.
            try
            {
                await run.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}

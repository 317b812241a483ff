using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// Starts the turn: queues the write of the user's entry and the session row (a new or reset session gets its
/// transcript header, a reset one archives the old transcript), then publishes the lifecycle start. The write is not
/// awaited here: the turn's end is written on top of it, durably (the writer is FIFO).
/// </summary>
internal sealed class StartTurnStep(ISessionStore store, RunEventPublisher publisher) : IRunStep
{
    public ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken)
    {
        var nowMs = run.Now.ToUnixTimeMilliseconds();
        var sessionId = run.SessionId;
        var userEntry = run.AppendEntry((seq, id) => TranscriptFormat.UserMessage(sessionId, seq, id, run.LastEntryId, nowMs, run.UserText!));
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
        run.StartWrite = store.WriteAsync(
            new SessionWrite
            {
                Session = run.Session,
                NewTranscript = run.Fresh ? null : new TranscriptHeader(sessionId, run.AgentId, run.SessionKey, nowMs, run.WorkspaceDir),
                Archive = run.Existing is not null && !run.Fresh ? (run.Existing.SessionId, "reset") : null,
                Entries = [userEntry],

                // The turn's final write is durable and, being later in the same queue, makes this one durable too.
                Durable = false,
            },
            CancellationToken.None);
        publisher.Publish(run, sessionId, new LifecycleStarted(run.StartedAt));
        return ValueTask.FromResult<AgentRunResult?>(null);
    }
}

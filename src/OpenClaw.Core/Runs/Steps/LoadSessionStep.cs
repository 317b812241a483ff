using OpenClaw.Core.Prompt;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// Loads the session the turn continues and applies the reset policy (agent-runtime.md §6.3): a reset trigger, a new
/// key or a stale session start a new transcript, otherwise the stored one is read for replay. Settles the thinking and
/// verbose levels and makes sure the agent's workspace exists.
/// </summary>
internal sealed class LoadSessionStep(ISessionStore store, WorkspaceManager workspaces, TimeProvider time) : IRunStep
{
    public async ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken)
    {
        var cfg = run.Snapshot.Config;
        run.Now = time.GetUtcNow();

        // A key the caller just minted cannot exist yet.
        var existing = run.Request.NewSessionKey ? null : await store.GetSessionAsync(run.SessionKey, cancellationToken).ConfigureAwait(false);
        run.Existing = existing;
        run.Kind = SessionKeys.KindOf(run.SessionKey);
        run.Reset = run.Request.HonourResetTriggers ? ResetTrigger.Match(run.Request.Message.ToString(), cfg) : null;
        run.Fresh = existing is not null && run.Reset is null
            && !SessionResetPolicy.IsStale(existing, SessionResetPolicy.For(cfg.Session, run.Request.MessageChannel, run.Kind), run.Now, TimeZoneInfo.Local);
        run.SessionId = run.Fresh ? existing!.SessionId : Guid.NewGuid().ToString();
        var history = run.Fresh ? await store.ReadTranscriptAsync(run.SessionId, cancellationToken).ConfigureAwait(false) : [];
        run.History = history;
        run.NextEntrySeq = history.Count > 0 ? history[^1].Seq + 1 : 1;
        run.LastEntryId = history.Count > 0 ? history[^1].EntryId : null;
        run.EntryIds = new TranscriptIds(history);

        // The run's levels, else the session's, else the agent defaults.
        run.Thinking = run.Request.Thinking ?? (run.Fresh ? existing!.ThinkingLevel : null) ?? cfg.Agents.Defaults.ThinkingDefault;
        run.Verbose = run.Request.Verbose ?? (run.Fresh ? existing!.VerboseLevel : null) ?? cfg.Agents.Defaults.VerboseDefault;

        run.WorkspaceDir = run.Snapshot.Agents.WorkspaceFor(run.AgentId);
        workspaces.Ensure(run.WorkspaceDir, cfg.Agents.Defaults.SkipBootstrap);
        return null;
    }
}

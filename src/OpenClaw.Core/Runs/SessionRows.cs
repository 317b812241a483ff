using OpenClaw.Core.Models;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs;

/// <summary>The session row a turn writes: at its start and at its end.</summary>
internal static class SessionRows
{
    /// <summary>The session row at the start of a turn: a stale session keeps its key, label and overrides.</summary>
    public static SessionEntry Started(RunState run, long now)
    {
        var existing = run.Existing;
        var sessionId = run.SessionId;
        var channel = run.Request.MessageChannel;
        var kind = run.Kind;
        if (existing is null)
        {
            return new SessionEntry
            {
                SessionKey = run.SessionKey,
                AgentId = run.AgentId,
                SessionId = sessionId,
                CreatedAt = now,
                UpdatedAt = now,
                SessionStartedAt = now,
                LastInteractionAt = now,
                Channel = channel,
                ChatType = kind == "thread" ? "group" : kind,
                LastRunId = run.Request.RunId,
            };
        }

        var started = run.Fresh ? existing with { SessionId = sessionId, UpdatedAt = Math.Max(existing.UpdatedAt, now) } : existing.Restarted(sessionId, now);
        return started with { LastInteractionAt = now, Channel = channel, LastRunId = run.Request.RunId };
    }

    /// <summary>The session row after the turn: model, token counters of this run, abort flag.</summary>
    public static SessionEntry Finished(SessionEntry session, RunState run, ResolvedModel model, long now, bool aborted)
    {
        var last = run.LastCallUsage ?? run.Usage;
        return session with
        {
            UpdatedAt = Math.Max(session.UpdatedAt, now),
            ModelProvider = model.Ref.Provider,
            Model = model.Ref.Model,
            InputTokens = run.Usage.Input,
            OutputTokens = run.Usage.Output,
            CacheRead = run.Usage.CacheRead,
            CacheWrite = run.Usage.CacheWrite,
            TotalTokens = Math.Max(last.Total, last.Input + last.CacheRead + last.Output),
            ContextTokens = model.Definition.ContextWindow,
            AbortedLastRun = aborted,
            LastRunId = run.Request.RunId,
            SystemSent = true,
        };
    }
}

using OpenClaw.Core.Agents;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs;

/// <summary>
/// Operator changes to a session (<c>sessions.reset</c>, <c>sessions.delete</c>, <c>sessions.patch</c>): each first
/// stops the session's runs where the spec asks for it and then changes the row under the session's lease, so it never
/// interleaves with a turn.
/// </summary>
public sealed class SessionCommands(IConfigSource config, ISessionStore store, IRunCoordination coordination, TimeProvider time)
{
    /// <summary>How long reset and delete wait for the aborted runs to end (agent-runtime.md §6.5).</summary>
    public static readonly TimeSpan AbortWait = TimeSpan.FromSeconds(15);

    /// <summary>The key as the store holds it (agent-runtime.md §6.1), for the default agent when it names none.</summary>
    public string Canonicalize(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var snapshot = config.Current;

        // An agent-scoped key is kept as it is; only unscoped keys take the default agent.
        return RunTargets.CanonicalKey(snapshot, key, snapshot.Agents.DefaultAgentId);
    }

    /// <summary>Starts a new transcript under the same key; the old one is archived. Null when the key is unknown.</summary>
    public async Task<SessionEntry?> ResetAsync(string sessionKey, string reason, CancellationToken cancellationToken)
    {
        await StopRunsAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        await using var lease = await coordination.Leases.AcquireAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        if (await store.GetSessionAsync(sessionKey, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var sessionId = Guid.NewGuid().ToString();
        var entry = existing.Restarted(sessionId, now);
        var workspace = config.Current.Agents.Contains(existing.AgentId) ? config.Current.Agents.WorkspaceFor(existing.AgentId) : null;
        await store.WriteAsync(
            new SessionWrite
            {
                Session = entry,
                NewTranscript = new TranscriptHeader(sessionId, existing.AgentId, sessionKey, now, workspace),
                Archive = (existing.SessionId, reason),
            },
            cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Removes the session row; its transcript is archived (reason <c>deleted</c>). Null when the key is unknown.</summary>
    public async Task<SessionEntry?> DeleteAsync(string sessionKey, CancellationToken cancellationToken)
    {
        await StopRunsAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        await using var lease = await coordination.Leases.AcquireAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        if (await store.GetSessionAsync(sessionKey, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            return null;
        }

        await store.WriteAsync(
            new SessionWrite { DeleteSessionKey = sessionKey, Archive = (existing.SessionId, "deleted") },
            cancellationToken).ConfigureAwait(false);
        return existing;
    }

    /// <summary>
    /// Applies <paramref name="patch"/> to the row (between turns). An unknown key is created for
    /// <paramref name="createForAgent"/> (with an empty transcript) when given, else the result is null.
    /// </summary>
    public async Task<SessionEntry?> PatchAsync(
        string sessionKey, Func<SessionEntry, SessionEntry> patch, CancellationToken cancellationToken, string? createForAgent = null)
    {
        ArgumentNullException.ThrowIfNull(patch);
        await using var lease = await coordination.Leases.AcquireAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        var existing = await store.GetSessionAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        if (existing is null && createForAgent is null)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        TranscriptHeader? header = null;
        if (existing is null)
        {
            existing = new SessionEntry
            {
                SessionKey = sessionKey,
                AgentId = createForAgent!,
                SessionId = Guid.NewGuid().ToString(),
                CreatedAt = now,
                UpdatedAt = now,
                SessionStartedAt = now,
                LastInteractionAt = now,
                ChatType = SessionKeys.KindOf(sessionKey) == "thread" ? "group" : SessionKeys.KindOf(sessionKey),
            };
            var workspace = config.Current.Agents.Contains(createForAgent!) ? config.Current.Agents.WorkspaceFor(createForAgent!) : null;
            header = new TranscriptHeader(existing.SessionId, createForAgent!, sessionKey, now, workspace);
        }

        var entry = patch(existing) with { UpdatedAt = Math.Max(existing.UpdatedAt, now) };
        await store.WriteAsync(new SessionWrite { Session = entry, NewTranscript = header }, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    private async Task StopRunsAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if ((await coordination.Runs.AbortSessionAsync(sessionKey, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(AbortWait);
        await coordination.Runs.WaitForSessionIdleAsync(sessionKey, wait.Token).ConfigureAwait(false);
    }
}

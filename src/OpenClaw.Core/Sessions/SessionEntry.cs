namespace OpenClaw.Core.Sessions;

/// <summary>One session's metadata row (agent-runtime.md §6.2); timestamps are Unix milliseconds.</summary>
public sealed record SessionEntry
{
    public required string SessionKey { get; init; }

    public required string AgentId { get; init; }

    /// <summary>The current transcript.</summary>
    public required string SessionId { get; init; }

    public long CreatedAt { get; init; }

    public long UpdatedAt { get; init; }

    public long? SessionStartedAt { get; init; }

    public long? LastInteractionAt { get; init; }

    public string? Label { get; init; }

    public string? DisplayName { get; init; }

    public string? Channel { get; init; }

    public string? ChatType { get; init; }

    public string? ThinkingLevel { get; init; }

    public string? VerboseLevel { get; init; }

    public string? ProviderOverride { get; init; }

    public string? ModelOverride { get; init; }

    public string? SendPolicy { get; init; }

    public string? ModelProvider { get; init; }

    public string? Model { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheRead { get; init; }

    public long CacheWrite { get; init; }

    public long TotalTokens { get; init; }

    public long ContextTokens { get; init; }

    public bool AbortedLastRun { get; init; }

    public string? LastRunId { get; init; }

    public bool SystemSent { get; init; }

    /// <summary>Fields of imported sessions that have no column, as a JSON object.</summary>
    public string? ExtraJson { get; init; }

    /// <summary>
    /// The row of <paramref name="sessionKey"/> once an imported transcript <paramref name="sessionId"/> is its current
    /// one: a new row, or <paramref name="existing"/> restarted on it. The import counts as an interaction: without it
    /// a daily or idle reset policy would throw the imported transcript away on the session's next turn.
    /// </summary>
    public static SessionEntry Imported(SessionEntry? existing, string sessionKey, string agentId, string sessionId, long now) =>
        existing is null
            ? new SessionEntry
            {
                SessionKey = sessionKey,
                AgentId = agentId,
                SessionId = sessionId,
                CreatedAt = now,
                UpdatedAt = now,
                SessionStartedAt = now,
                LastInteractionAt = now,
            }
            : existing.Restarted(sessionId, now) with { LastInteractionAt = now };

    /// <summary>
    /// The row pointed at a new transcript (stale session, <c>/new</c>, <c>sessions.reset</c>): key, label and
    /// overrides survive; token counters and per-transcript flags start over (agent-runtime.md §6.3).
    /// </summary>
    public SessionEntry Restarted(string sessionId, long now) => this with
    {
        SessionId = sessionId,
        UpdatedAt = Math.Max(UpdatedAt, now),
        SessionStartedAt = now,
        InputTokens = 0,
        OutputTokens = 0,
        CacheRead = 0,
        CacheWrite = 0,
        TotalTokens = 0,
        SystemSent = false,
        AbortedLastRun = false,
    };
}

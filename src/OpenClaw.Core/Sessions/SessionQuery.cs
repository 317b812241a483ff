namespace OpenClaw.Core.Sessions;

/// <summary>
/// Which sessions <see cref="ISessionStore.ListSessionsAsync"/> returns, most recently updated first, and which page of
/// them (<c>sessions.list</c>, gateway-protocol.md).
/// </summary>
public sealed record SessionQuery
{
    /// <summary>Only this agent's sessions; null for every agent's.</summary>
    public string? AgentId { get; init; }

    /// <summary>Only sessions updated at or after this time (Unix milliseconds).</summary>
    public long? UpdatedSince { get; init; }

    /// <summary>Only sessions whose key, label or display name contains this text, ignoring case.</summary>
    public string? Search { get; init; }

    /// <summary>Only sessions with exactly this label.</summary>
    public string? Label { get; init; }

    /// <summary>Matching sessions to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Sessions to return at most; null for all.</summary>
    public int? Limit { get; init; }
}

/// <summary>One page of a <see cref="SessionQuery"/>, with the number of sessions that match it in all.</summary>
public sealed record SessionPage(IReadOnlyList<SessionEntry> Sessions, int TotalCount)
{
    public static readonly SessionPage Empty = new([], 0);
}

namespace OpenClaw.Core.Sessions;

/// <summary>One stored transcript line; <see cref="PayloadJson"/> is the complete OpenClaw JSONL v3 entry.</summary>
public sealed record TranscriptEntry(
    string SessionId,
    long Seq,
    string EntryId,
    string? ParentId,
    string Type,
    string Timestamp,
    string PayloadJson);

/// <summary>The header of a transcript (<c>{"type":"session","version":3,…}</c>).</summary>
public sealed record TranscriptHeader(
    string SessionId,
    string AgentId,
    string SessionKey,
    long CreatedAt,
    string? Cwd);

/// <summary>Everything one step of a run persists, committed atomically.</summary>
public sealed record SessionWrite
{
    /// <summary>Upserted session row, if any.</summary>
    public SessionEntry? Session { get; init; }

    /// <summary>A transcript to create before the entries are appended.</summary>
    public TranscriptHeader? NewTranscript { get; init; }

    /// <summary>A transcript to mark archived (session reset or delete).</summary>
    public (string SessionId, string Reason)? Archive { get; init; }

    public IReadOnlyList<TranscriptEntry> Entries { get; init; } = [];

    /// <summary>
    /// When set, <see cref="Session"/> is written only if the stored row still points at this transcript (or there is
    /// no row): a turn that ends after an import or reset repointed its key must not point it back.
    /// </summary>
    public string? ExpectedSessionId { get; init; }

    /// <summary>A session row to remove (<c>sessions.delete</c>); its transcript is archived through <see cref="Archive"/>.</summary>
    public string? DeleteSessionKey { get; init; }

    /// <summary>
    /// False for a write that may wait for the next durable one: it survives a process crash at once and power loss
    /// once a later durable write (or a checkpoint) commits. A turn's start is such a write; its end is durable.
    /// </summary>
    public bool Durable { get; init; } = true;
}

using System.Text;

namespace OpenClaw.Core.Sessions;

/// <summary>One stored transcript line; <see cref="PayloadJson"/> is the complete OpenClaw JSONL v3 entry.</summary>
public sealed record TranscriptEntry
{
    private readonly string? _json;
    private readonly byte[]? _utf8;

    public TranscriptEntry(string SessionId, long Seq, string EntryId, string? ParentId, string Type, string Timestamp, string PayloadJson)
        : this(SessionId, Seq, EntryId, ParentId, Type, Timestamp)
    {
        ArgumentNullException.ThrowIfNull(PayloadJson);
        _json = PayloadJson;
    }

    private TranscriptEntry(string sessionId, long seq, string entryId, string? parentId, string type, string timestamp)
    {
        SessionId = sessionId;
        Seq = seq;
        EntryId = entryId;
        ParentId = parentId;
        Type = type;
        Timestamp = timestamp;
    }

    public string SessionId { get; init; }

    public long Seq { get; init; }

    public string EntryId { get; init; }

    public string? ParentId { get; init; }

    public string Type { get; init; }

    public string Timestamp { get; init; }

    /// <summary>The entry's JSON; decoded on each read when the entry was built from UTF-8 (a large entry is not cached twice).</summary>
    public string PayloadJson
    {
        get => _json ?? Encoding.UTF8.GetString(_utf8!);
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            (_json, _utf8) = (value, null);
        }
    }

    /// <summary>The entry's JSON as UTF-8 when it was built that way (a turn's user entry): stored without a string of it.</summary>
    public byte[]? PayloadUtf8 => _utf8;

    /// <summary>An entry whose JSON is already UTF-8 (<paramref name="payloadUtf8"/> is kept, not copied).</summary>
    public static TranscriptEntry FromUtf8(string sessionId, long seq, string entryId, string? parentId, string type, string timestamp, byte[] payloadUtf8)
    {
        ArgumentNullException.ThrowIfNull(payloadUtf8);
        return new TranscriptEntry(sessionId, seq, entryId, parentId, type, timestamp) { Utf8 = payloadUtf8 };
    }

    private byte[] Utf8
    {
        init => _utf8 = value;
    }

    /// <summary>Equal when every field and the JSON are, whichever form (string or UTF-8) each side holds it in.</summary>
    public bool Equals(TranscriptEntry? other)
    {
        if (other is null || SessionId != other.SessionId || Seq != other.Seq || EntryId != other.EntryId
            || ParentId != other.ParentId || Type != other.Type || Timestamp != other.Timestamp)
        {
            return false;
        }

        return (_utf8, other._utf8) switch
        {
            ({ } mine, { } theirs) => mine.AsSpan().SequenceEqual(theirs),
            (null, null) => _json == other._json,
            _ => PayloadJson == other.PayloadJson,
        };
    }

    public override int GetHashCode() => HashCode.Combine(SessionId, Seq, EntryId);

    /// <summary>The payload is shown by its length: it may be megabytes, and a log line must not decode it.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("SessionId = ").Append(SessionId).Append(", Seq = ").Append(Seq).Append(", EntryId = ").Append(EntryId)
            .Append(", ParentId = ").Append(ParentId).Append(", Type = ").Append(Type).Append(", Timestamp = ").Append(Timestamp)
            .Append(", Payload = ").Append(_utf8 is { } utf8 ? $"{utf8.Length} UTF-8 bytes" : $"{_json!.Length} chars");
        return true;
    }
}

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
    /// When set, the <c>seq</c> of the last entry the transcript of <see cref="Entries"/> must hold before they are
    /// appended (0: none yet). Another value means a concurrent writer: the store stores nothing of this write and
    /// fails it with <see cref="TranscriptConflictException"/>.
    /// </summary>
    public long? ExpectedLastSeq { get; init; }

    /// <summary>
    /// When set, <see cref="Session"/> is written only if the stored row still points at this transcript (or there is
    /// no row): a turn that ends after an import or reset repointed its key must not point it back.
    /// </summary>
    public string? ExpectedSessionId { get; init; }

    /// <summary>A session row to remove (<c>sessions.delete</c>); its transcript is archived through <see cref="Archive"/>.</summary>
    public string? DeleteSessionKey { get; init; }

    /// <summary>A Responses answer's session to record for <c>previous_response_id</c> (http-api.md §6.8).</summary>
    public ResponseSessionWrite? ResponseSession { get; init; }

    /// <summary>
    /// False for a write that may wait for the next durable one: it survives a process crash at once and power loss
    /// once a later durable write (or a checkpoint) commits. A turn's start is such a write; its end is durable.
    /// </summary>
    public bool Durable { get; init; } = true;
}

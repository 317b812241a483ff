using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Postgres;

/// <summary>The statements a turn's write and an import share: a whole <see cref="SessionEntry"/> row (<see cref="SessionColumns"/>), a transcript header, an entry.</summary>
internal static class PostgresSessionSql
{
    private static readonly IReadOnlyList<string> Names = SessionColumns.Names;

    /// <summary>
    /// The row inserted or overwritten, parameters <c>$1</c>… in <see cref="SessionColumns.Names"/> order; the next one
    /// (<c>$29</c>), when not null, is the transcript an existing row must still name for it to be overwritten.
    /// </summary>
    public static readonly string Upsert =
        $"INSERT INTO sessions ({SessionColumns.Select}) VALUES ({string.Join(", ", Names.Select((_, i) => "$" + (i + 1)))}) " +
        "ON CONFLICT (session_key) DO UPDATE SET " +
        string.Join(", ", Names.Skip(1).Select(n => $"{n} = EXCLUDED.{n}")) +
        $" WHERE ${Names.Count + 1}::text IS NULL OR sessions.session_id = ${Names.Count + 1};";

    /// <summary>A transcript header: <c>$1</c> session id, agent, session key, created at, <c>$5</c> cwd.</summary>
    public const string InsertTranscript =
        "INSERT INTO transcripts (session_id, agent_id, session_key, created_at, cwd, version) VALUES ($1, $2, $3, $4, $5, 3);";

    /// <summary>An entry: <c>$1</c> session id, seq, entry id, parent id, type, timestamp, <c>$7</c> payload.</summary>
    public const string InsertEntry =
        "INSERT INTO transcript_entries (session_id, seq, entry_id, parent_id, type, timestamp, payload_json) VALUES ($1, $2, $3, $4, $5, $6, $7);";
}

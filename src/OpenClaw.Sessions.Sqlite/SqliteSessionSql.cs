using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>SQLite's statements that write a whole <see cref="SessionEntry"/> row (<see cref="SessionColumns"/>).</summary>
internal static class SqliteSessionSql
{
    private static readonly IReadOnlyList<string> Names = SessionColumns.Names;

    public static readonly string Upsert =
        $"INSERT INTO sessions ({SessionColumns.Select}) VALUES ({string.Join(", ", Names.Select(n => "$" + n))}) " +
        "ON CONFLICT(session_key) DO UPDATE SET " +
        string.Join(", ", Names.Skip(1).Select(n => $"{n} = excluded.{n}")) + ";";

    /// <summary>
    /// The row rewritten in place while it still names the same transcript: <c>session_id</c> is left out of the
    /// <c>SET</c>, so SQLite leaves the index by transcript id alone (an upsert setting every column rewrites every
    /// index, one more page in the WAL per write). Its parameters are <see cref="Upsert"/>'s; no row changes when the key is new
    /// or names another transcript.
    /// </summary>
    public static readonly string UpdateSameTranscript =
        "UPDATE sessions SET " +
        string.Join(", ", Names.Where(n => n is not ("session_key" or "session_id")).Select(n => $"{n} = ${n}")) +
        " WHERE session_key = $session_key AND session_id = $session_id;";
}

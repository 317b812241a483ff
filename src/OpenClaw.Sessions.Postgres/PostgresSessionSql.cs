using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Postgres;

/// <summary>The statements that write a whole <see cref="SessionEntry"/> row (<see cref="SessionColumns"/>).</summary>
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
}

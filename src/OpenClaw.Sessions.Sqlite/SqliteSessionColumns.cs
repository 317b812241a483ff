using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>Maps <see cref="SessionEntry"/> to the <c>sessions</c> table and back.</summary>
internal static class SqliteSessionColumns
{
    public const string SelectColumns =
        "session_key, agent_id, session_id, created_at, updated_at, session_started_at, last_interaction_at, label, " +
        "display_name, channel, chat_type, thinking_level, verbose_level, provider_override, model_override, " +
        "send_policy, model_provider, model, input_tokens, output_tokens, cache_read, cache_write, total_tokens, " +
        "context_tokens, aborted_last_run, last_run_id, system_sent, extra_json";

    /// <summary>The column names, in <see cref="SelectColumns"/> order.</summary>
    public static readonly string[] Names = SelectColumns.Split(", ");

    /// <summary>The ordinal of a column selected after <see cref="SelectColumns"/> (a page's total count).</summary>
    public static readonly int Count = Names.Length;

    public static readonly string Upsert =
        $"INSERT INTO sessions ({SelectColumns}) VALUES ({string.Join(", ", Names.Select(n => "$" + n))}) " +
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

    public static SessionEntry Read(SqliteDataReader r) => new()
    {
        SessionKey = r.GetString(0),
        AgentId = r.GetString(1),
        SessionId = r.GetString(2),
        CreatedAt = r.GetInt64(3),
        UpdatedAt = r.GetInt64(4),
        SessionStartedAt = r.IsDBNull(5) ? null : r.GetInt64(5),
        LastInteractionAt = r.IsDBNull(6) ? null : r.GetInt64(6),
        Label = Text(r, 7),
        DisplayName = Text(r, 8),
        Channel = Text(r, 9),
        ChatType = Text(r, 10),
        ThinkingLevel = Text(r, 11),
        VerboseLevel = Text(r, 12),
        ProviderOverride = Text(r, 13),
        ModelOverride = Text(r, 14),
        SendPolicy = Text(r, 15),
        ModelProvider = Text(r, 16),
        Model = Text(r, 17),
        InputTokens = r.GetInt64(18),
        OutputTokens = r.GetInt64(19),
        CacheRead = r.GetInt64(20),
        CacheWrite = r.GetInt64(21),
        TotalTokens = r.GetInt64(22),
        ContextTokens = r.GetInt64(23),
        AbortedLastRun = r.GetInt64(24) != 0,
        LastRunId = Text(r, 25),
        SystemSent = r.GetInt64(26) != 0,
        ExtraJson = Text(r, 27),
    };

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

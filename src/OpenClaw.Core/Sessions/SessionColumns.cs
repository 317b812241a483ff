using System.Data.Common;

namespace OpenClaw.Core.Sessions;

/// <summary>
/// The <c>sessions</c> table the SQL stores share: its columns, in one order, and how a row reads back into a
/// <see cref="SessionEntry"/> (times and counters are 64-bit integers, the two flags 0 or 1).
/// </summary>
public static class SessionColumns
{
    /// <summary>Every column, comma-separated, in <see cref="Names"/> order.</summary>
    public const string Select =
        "session_key, agent_id, session_id, created_at, updated_at, session_started_at, last_interaction_at, label, " +
        "display_name, channel, chat_type, thinking_level, verbose_level, provider_override, model_override, " +
        "send_policy, model_provider, model, input_tokens, output_tokens, cache_read, cache_write, total_tokens, " +
        "context_tokens, aborted_last_run, last_run_id, system_sent, extra_json";

    /// <summary>The column names, in <see cref="Select"/> order.</summary>
    public static readonly IReadOnlyList<string> Names = Select.Split(", ");

    /// <summary>The ordinal of a column selected after <see cref="Select"/> (a page's total count).</summary>
    public static readonly int Count = Names.Count;

    /// <summary>The row at <paramref name="r"/>'s current position, its columns selected as <see cref="Select"/>.</summary>
    public static SessionEntry Read(DbDataReader r) => new()
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

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

using Npgsql;
using NpgsqlTypes;

namespace OpenClaw.Sessions.Postgres;

/// <summary>Positional parameters (<c>$1</c>, <c>$2</c>, …) typed explicitly, so a null has a type too.</summary>
internal static class PgValues
{
    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Int64(long? value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } number ? number : DBNull.Value };

    /// <summary>A batch command of <paramref name="sql"/> with <paramref name="parameters"/> as <c>$1</c>, <c>$2</c>, ….</summary>
    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>The parameters of a whole session row, in <see cref="OpenClaw.Core.Sessions.SessionColumns.Names"/> order.</summary>
    public static NpgsqlParameter[] SessionRow(OpenClaw.Core.Sessions.SessionEntry s) =>
    [
        Text(s.SessionKey), Text(s.AgentId), Text(s.SessionId), Int64(s.CreatedAt), Int64(s.UpdatedAt), Int64(s.SessionStartedAt),
        Int64(s.LastInteractionAt), Text(s.Label), Text(s.DisplayName), Text(s.Channel), Text(s.ChatType), Text(s.ThinkingLevel),
        Text(s.VerboseLevel), Text(s.ProviderOverride), Text(s.ModelOverride), Text(s.SendPolicy), Text(s.ModelProvider), Text(s.Model),
        Int64(s.InputTokens), Int64(s.OutputTokens), Int64(s.CacheRead), Int64(s.CacheWrite), Int64(s.TotalTokens), Int64(s.ContextTokens),
        Int64(s.AbortedLastRun ? 1 : 0), Text(s.LastRunId), Int64(s.SystemSent ? 1 : 0), Text(s.ExtraJson),
    ];
}

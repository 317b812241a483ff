using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>
/// A statement that writes a whole session row (<see cref="SqliteSessionSql.Upsert"/> or
/// <see cref="SqliteSessionSql.UpdateSameTranscript"/>), each column bound from a <see cref="SessionEntry"/>.
/// </summary>
internal sealed class SessionRowStatement : IDisposable
{
    private readonly RawStatement _statement;
    private readonly int[] _parameters;

    public SessionRowStatement(SqliteConnection connection, string sql)
    {
        _statement = new RawStatement(connection, sql);
        _parameters = [.. SessionColumns.Names.Select(name => _statement.IndexOf("$" + name))];
    }

    /// <summary>Runs the statement for <paramref name="s"/>; returns the rows it changed.</summary>
    public int Execute(SessionEntry s)
    {
        var p = _parameters;
        var statement = _statement;
        statement.Bind(p[0], s.SessionKey);
        statement.Bind(p[1], s.AgentId);
        statement.Bind(p[2], s.SessionId);
        statement.Bind(p[3], s.CreatedAt);
        statement.Bind(p[4], s.UpdatedAt);
        statement.Bind(p[5], s.SessionStartedAt);
        statement.Bind(p[6], s.LastInteractionAt);
        statement.Bind(p[7], s.Label);
        statement.Bind(p[8], s.DisplayName);
        statement.Bind(p[9], s.Channel);
        statement.Bind(p[10], s.ChatType);
        statement.Bind(p[11], s.ThinkingLevel);
        statement.Bind(p[12], s.VerboseLevel);
        statement.Bind(p[13], s.ProviderOverride);
        statement.Bind(p[14], s.ModelOverride);
        statement.Bind(p[15], s.SendPolicy);
        statement.Bind(p[16], s.ModelProvider);
        statement.Bind(p[17], s.Model);
        statement.Bind(p[18], s.InputTokens);
        statement.Bind(p[19], s.OutputTokens);
        statement.Bind(p[20], s.CacheRead);
        statement.Bind(p[21], s.CacheWrite);
        statement.Bind(p[22], s.TotalTokens);
        statement.Bind(p[23], s.ContextTokens);
        statement.Bind(p[24], s.AbortedLastRun ? 1L : 0L);
        statement.Bind(p[25], s.LastRunId);
        statement.Bind(p[26], s.SystemSent ? 1L : 0L);
        statement.Bind(p[27], s.ExtraJson);
        return statement.Execute();
    }

    public void Dispose() => _statement.Dispose();
}

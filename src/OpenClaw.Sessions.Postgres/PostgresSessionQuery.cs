using System.Text;
using Npgsql;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Postgres;

/// <summary>The <c>WHERE</c> clause of a <see cref="SessionQuery"/> over the <c>sessions</c> table.</summary>
internal static class PostgresSessionQuery
{
    /// <summary>
    /// The clause (empty, or starting with a space) with its parameters added to <paramref name="command"/>. A search
    /// ignores case for every script (<c>lower()</c> under ICU's root collation when the server has it, else the
    /// database's own), as the SQLite store does with .NET's comparison.
    /// </summary>
    public static string Where(SessionQuery query, NpgsqlCommand command, string lowerCollation)
    {
        var clause = new StringBuilder();
        if (query.AgentId is { } agentId)
        {
            And(clause, $"agent_id = {Add(command, PgValues.Text(agentId))}");
        }

        if (query.UpdatedSince is { } since)
        {
            And(clause, $"updated_at >= {Add(command, PgValues.Int64(since))}");
        }

        if (query.Search is { Length: > 0 } search)
        {
            var part = $"lower({Add(command, PgValues.Text(search))}{lowerCollation})";
            var matches = new[] { "session_key", "label", "display_name" }.Select(column => $"strpos(lower({column}{lowerCollation}), {part}) > 0");
            And(clause, $"({string.Join(" OR ", matches)})");
        }

        if (query.Label is { } label)
        {
            And(clause, $"label = {Add(command, PgValues.Text(label))}");
        }

        return clause.ToString();
    }

    /// <summary>Adds the parameter; returns its placeholder.</summary>
    public static string Add(NpgsqlCommand command, NpgsqlParameter parameter)
    {
        command.Parameters.Add(parameter);
        return "$" + command.Parameters.Count;
    }

    private static void And(StringBuilder clause, string condition) =>
        clause.Append(clause.Length == 0 ? " WHERE " : " AND ").Append(condition);
}

using System.Text;
using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>The <c>WHERE</c> clause of a <see cref="SessionQuery"/> over the <c>sessions</c> table.</summary>
internal static class SqliteSessionQuery
{
    private const string ContainsFunction = "openclaw_contains";

    /// <summary>
    /// The clause (empty, or starting with a space) with its parameters added to <paramref name="command"/>. A search
    /// ignores case as .NET does (<see cref="StringComparison.OrdinalIgnoreCase"/>, not only ASCII as SQLite's
    /// <c>LIKE</c>), through a function registered on <paramref name="connection"/>.
    /// </summary>
    public static string Where(SessionQuery query, SqliteCommand command, SqliteConnection connection)
    {
        var clause = new StringBuilder();
        if (query.AgentId is { } agentId)
        {
            And(clause, "agent_id = $agent");
            command.Parameters.AddWithValue("$agent", agentId);
        }

        if (query.UpdatedSince is { } since)
        {
            And(clause, "updated_at >= $since");
            command.Parameters.AddWithValue("$since", since);
        }

        if (query.Search is { Length: > 0 } search)
        {
            connection.CreateFunction<string?, string, bool>(
                ContainsFunction, (text, part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true, isDeterministic: true);
            And(clause, $"({ContainsFunction}(session_key, $search) OR {ContainsFunction}(label, $search) OR {ContainsFunction}(display_name, $search))");
            command.Parameters.AddWithValue("$search", search);
        }

        if (query.Label is { } label)
        {
            And(clause, "label = $label");
            command.Parameters.AddWithValue("$label", label);
        }

        return clause.ToString();
    }

    private static void And(StringBuilder clause, string condition) =>
        clause.Append(clause.Length == 0 ? " WHERE " : " AND ").Append(condition);
}

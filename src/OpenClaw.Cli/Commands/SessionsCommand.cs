using System.CommandLine;
using System.Globalization;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw sessions</c> (agent-runtime.md §8.6): lists sessions by reading the store directly, read-only, so it
/// works with or without a running gateway; <c>export</c> and <c>import</c> move transcripts as JSONL v3 files.
/// </summary>
internal static class SessionsCommand
{
    public static Command Create(CliContext context)
    {
        var agent = new Option<string?>("--agent") { Description = "Agent whose sessions to list (default: the default agent)" };
        var allAgents = new Option<bool>("--all-agents") { Description = "List the sessions of every agent" };
        var active = new Option<int?>("--active") { Description = "Only sessions updated within the last <minutes>", HelpName = "minutes" };
        var sessions = new Command("sessions", "List stored sessions; export and import transcripts")
        {
            agent,
            allAgents,
            active,
            SessionsExportCommand.Create(context),
            SessionsImportCommand.Create(context),
        };
        sessions.Validators.Add(result =>
        {
            if (result.GetValue(agent) is not null && result.GetValue(allAgents))
            {
                result.AddError("--agent and --all-agents cannot be combined.");
            }
        });
        active.Validators.Add(result =>
        {
            // Reads the token itself: a value that is not a number already failed to parse and is reported as such.
            if (result.Tokens is [var token] && int.TryParse(token.Value, CultureInfo.InvariantCulture, out var minutes) && minutes <= 0)
            {
                result.AddError("--active takes a number of minutes greater than 0.");
            }
        });
        sessions.SetAction(async (parse, cancellationToken) =>
        {
            var store = SessionsStore.Resolve(context, parse);
            var agentId = parse.GetValue(allAgents) ? null : parse.GetValue(agent) is { } requested ? store.RequireAgent(requested) : store.DefaultAgentId;
            var activeMinutes = parse.GetValue(active);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var query = new SessionQuery { AgentId = agentId, UpdatedSince = activeMinutes is { } minutes ? now - (minutes * 60_000L) : null };
            var rows = store.Exists ? (await store.ReadAsync(s => s.ListSessionsAsync(query, cancellationToken))).Sessions : [];

            if (parse.GetValue(context.Json))
            {
                await context.Output.WriteLineAsync(SessionsListOutput.Json(store.Path, activeMinutes, rows, now));
            }
            else
            {
                await context.Output.WriteAsync(SessionsListOutput.Table(store.Path, activeMinutes, rows, now));
            }

            return 0;
        });
        return sessions;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw health</c>: the gateway's HealthSummary, human-readable or <c>--json</c> (§8.5).</summary>
internal static class HealthCommand
{
    public static Command Create(CliContext context)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Probe again instead of using the gateway's cached summary" };
        var connection = new GatewayConnectionOptions(defaultTimeoutMs: 10_000);
        var command = new Command("health", "Show the gateway's health") { verbose };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = connection.Resolve(parse, context);
            var parameters = new JsonObject { ["probe"] = parse.GetValue(verbose) };
            var health = await GatewayCallCommand.CallAsync(target, "health", parameters, expectFinal: false, connection.TimeoutOf(parse), cancellationToken);
            if (parse.GetValue(context.Json))
            {
                await context.Output.WriteLineAsync(GatewayCallCommand.Format(health));
                return 0;
            }

            await context.Output.WriteAsync(Describe(health));
            return JsonRead.True(health, "ok") ? 0 : 1;
        });
        return command;
    }

    /// <summary>The human summary: probe time, agents, heartbeat, each agent's store and recent sessions.</summary>
    public static string Describe(JsonElement health)
    {
        var text = new System.Text.StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"Gateway probe duration: {JsonRead.Long(health, "durationMs")}ms\n");
        var agents = JsonRead.Items(health, "agents").ToList();
        text.Append(invariant, $"Agents: {string.Join(", ", agents.Select(a => JsonRead.Str(a, "agentId") + (JsonRead.True(a, "isDefault") ? " (default)" : "")))}\n");
        var disabled = agents.Where(a => JsonRead.False(JsonRead.Obj(a, "heartbeat"), "enabled")).Select(a => JsonRead.Str(a, "agentId"));
        text.Append(invariant, $"Heartbeat interval: disabled ({string.Join(", ", disabled)})\n");
        foreach (var agent in agents)
        {
            var sessions = JsonRead.Obj(agent, "sessions");
            if (sessions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            text.Append(invariant, $"Session store ({JsonRead.Str(agent, "agentId")}): {JsonRead.Str(sessions, "path")} ({JsonRead.Long(sessions, "count")} entries)\n");
            foreach (var recent in JsonRead.Items(sessions, "recent"))
            {
                text.Append(invariant, $"- {JsonRead.Str(recent, "key")} ({Age(JsonRead.Long(recent, "age"))})\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A session age the way the original prints it: minutes, hours or days ago.</summary>
    public static string Age(long ageMs)
    {
        var age = TimeSpan.FromMilliseconds(Math.Max(0, ageMs));
        return age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }
}

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
            return health.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True ? 0 : 1;
        });
        return command;
    }

    /// <summary>The human summary: probe time, agents, heartbeat, each agent's store and recent sessions.</summary>
    public static string Describe(JsonElement health)
    {
        var text = new System.Text.StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"Gateway probe duration: {Long(health, "durationMs")}ms\n");
        var agents = health.TryGetProperty("agents", out var list) ? list.EnumerateArray().ToList() : [];
        var names = agents.Select(a => Str(a, "agentId") + (a.TryGetProperty("isDefault", out var d) && d.ValueKind == JsonValueKind.True ? " (default)" : ""));
        text.Append(invariant, $"Agents: {string.Join(", ", names)}\n");
        var disabled = agents.Where(a => a.TryGetProperty("heartbeat", out var h) && h.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.False).Select(a => Str(a, "agentId"));
        text.Append(invariant, $"Heartbeat interval: disabled ({string.Join(", ", disabled)})\n");
        foreach (var agent in agents)
        {
            if (!agent.TryGetProperty("sessions", out var sessions))
            {
                continue;
            }

            text.Append(invariant, $"Session store ({Str(agent, "agentId")}): {Str(sessions, "path")} ({Long(sessions, "count")} entries)\n");
            foreach (var recent in sessions.TryGetProperty("recent", out var r) ? r.EnumerateArray() : default)
            {
                text.Append(invariant, $"- {Str(recent, "key")} ({Age(Long(recent, "age"))})\n");
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

    private static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}

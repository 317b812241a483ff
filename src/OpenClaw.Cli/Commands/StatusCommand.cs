using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw status</c>: is the gateway reachable, where, with which auth; its agents, session counts and the most
/// recent sessions (§8.5). Exit 1 when the gateway cannot be reached.
/// </summary>
internal static class StatusCommand
{
    private const int RecentShown = 5;

    public static Command Create(CliContext context)
    {
        var all = new Option<bool>("--all") { Description = "Show every recent session the gateway reports" };
        var deep = new Option<bool>("--deep") { Description = "Probe health again instead of using the cached summary" };
        var connection = new GatewayConnectionOptions(defaultTimeoutMs: 10_000);
        var command = new Command("status", "Show whether the gateway runs and what it holds") { all, deep };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = connection.Resolve(parse, context);
            var timeout = connection.TimeoutOf(parse);
            var json = parse.GetValue(context.Json);
            GatewayClient client;
            try
            {
                client = await GatewayClient.ConnectAsync(target.Url, target.Credentials, timeout, cancellationToken);
            }
            catch (Exception ex) when (ex is GatewayUnreachableException or GatewayCallException)
            {
                if (json)
                {
                    await context.Output.WriteLineAsync(new JsonObject { ["url"] = target.Url.ToString(), ["reachable"] = false, ["error"] = ex.Message }.ToJsonString());
                }
                else
                {
                    await context.Output.WriteLineAsync($"Gateway: not reachable at {target.Url} ({Detail(ex)})");
                    await context.Output.WriteLineAsync("Start it with `openclaw gateway run`.");
                }

                return 1;
            }

            await using (client)
            {
                JsonElement status;
                JsonElement health;
                try
                {
                    status = await client.CallAsync("status", new JsonObject(), expectFinal: false, timeout, cancellationToken);
                    health = await client.CallAsync("health", new JsonObject { ["probe"] = parse.GetValue(deep) }, expectFinal: false, timeout, cancellationToken);
                }
                catch (GatewayCallException ex)
                {
                    throw new CliException($"Gateway call failed: {ex.Message}");
                }

                var hello = client.Hello;
                if (json)
                {
                    var result = new JsonObject
                    {
                        ["url"] = target.Url.ToString(),
                        ["reachable"] = true,
                        ["authMode"] = AuthMode(hello),
                        ["server"] = Node(hello, "server"),
                        ["status"] = JsonNode.Parse(status.GetRawText()),
                        ["health"] = JsonNode.Parse(health.GetRawText()),
                    };
                    await context.Output.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }));
                    return 0;
                }

                await context.Output.WriteAsync(Describe(target.Url, hello, status, health, parse.GetValue(all)));
                return 0;
            }
        });
        return command;
    }

    private static string Describe(Uri url, JsonElement hello, JsonElement status, JsonElement health, bool all)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        var server = hello.TryGetProperty("server", out var s) ? s : default;
        var build = server.ValueKind == JsonValueKind.Object && server.TryGetProperty("buildId", out var b) ? b.GetString() : null;
        text.Append(invariant, $"Gateway: reachable at {url} (auth {AuthMode(hello)}{(build is null ? "" : ", " + build)})\n");
        text.Append(HealthCommand.Describe(health).Split('\n')[1]).Append('\n');
        if (status.TryGetProperty("sessions", out var sessions))
        {
            var paths = sessions.TryGetProperty("paths", out var p) ? string.Join(", ", p.EnumerateArray().Select(x => x.GetString())) : "";
            text.Append(invariant, $"Sessions: {(sessions.TryGetProperty("count", out var c) ? c.GetInt64() : 0)} in {paths}\n");
            var recent = sessions.TryGetProperty("recent", out var r) ? r.EnumerateArray().ToList() : [];
            foreach (var row in all ? recent : recent.Take(RecentShown))
            {
                var model = row.TryGetProperty("model", out var m) ? " " + m.GetString() : "";
                var tokens = row.TryGetProperty("totalTokens", out var t) && row.TryGetProperty("contextTokens", out var ctx)
                    ? $" {t.GetInt64()}/{ctx.GetInt64()} tokens ({(row.TryGetProperty("percentUsed", out var pct) ? pct.GetInt64() : 0)}%)"
                    : "";
                text.Append(invariant, $"- {row.GetProperty("key").GetString()} ({HealthCommand.Age(row.TryGetProperty("age", out var a) ? a.GetInt64() : 0)}){model}{tokens}\n");
            }
        }

        return text.ToString();
    }

    private static string AuthMode(JsonElement hello) =>
        hello.TryGetProperty("auth", out var auth) && auth.TryGetProperty("method", out var method) ? method.GetString() ?? "unknown" : "unknown";

    private static JsonNode? Node(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) ? JsonNode.Parse(value.GetRawText()) : null;

    private static string Detail(Exception ex) => ex switch
    {
        GatewayUnreachableException unreachable => unreachable.Reason,
        _ => ex.Message,
    };
}

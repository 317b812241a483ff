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
                client = await GatewayClient.ConnectAsync(target.Url, target.Credentials, timeout, cancellationToken, target.TlsFingerprint);
            }
            catch (Exception ex) when (ex is GatewayUnreachableException or GatewayCallException)
            {
                var refused = ex is GatewayCallException;
                if (json)
                {
                    var failure = new JsonObject { ["url"] = target.Url.ToString(), ["reachable"] = refused, ["error"] = ex.Message };
                    await context.Output.WriteLineAsync(failure.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }));
                }
                else if (refused)
                {
                    // Something answered but would not let us in: a credential problem, not a stopped gateway.
                    await context.Output.WriteLineAsync($"Gateway: reachable at {target.Url} but it refused the connection: {ex.Message}");
                    await context.Output.WriteLineAsync("Check --token / --password (or OPENCLAW_GATEWAY_TOKEN / OPENCLAW_GATEWAY_PASSWORD).");
                }
                else
                {
                    await context.Output.WriteLineAsync($"Gateway: not reachable at {target.Url} ({((GatewayUnreachableException)ex).Reason})");
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
        var build = JsonRead.Str(JsonRead.Obj(hello, "server"), "buildId");
        text.Append(invariant, $"Gateway: reachable at {url} (auth {AuthMode(hello)}{(build.Length == 0 ? "" : ", " + build)})\n");
        text.Append(HealthCommand.Describe(health).Split('\n')[1]).Append('\n');
        var sessions = JsonRead.Obj(status, "sessions");
        if (sessions.ValueKind == JsonValueKind.Object)
        {
            var paths = string.Join(", ", JsonRead.Items(sessions, "paths").Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()));
            text.Append(invariant, $"Sessions: {JsonRead.Long(sessions, "count")} in {paths}\n");
            var recent = JsonRead.Items(sessions, "recent").ToList();
            foreach (var row in all ? recent : recent.Take(RecentShown))
            {
                var model = JsonRead.Str(row, "model") is { Length: > 0 } m ? " " + m : "";
                var context = JsonRead.Long(row, "contextTokens");
                var tokens = context > 0 ? $" {JsonRead.Long(row, "totalTokens")}/{context} tokens ({JsonRead.Long(row, "percentUsed")}%)" : "";
                text.Append(invariant, $"- {JsonRead.Str(row, "key")} ({HealthCommand.Age(JsonRead.Long(row, "age"))}){model}{tokens}\n");
            }
        }

        return text.ToString();
    }

    private static string AuthMode(JsonElement hello) => JsonRead.Str(JsonRead.Obj(hello, "auth"), "method") is { Length: > 0 } method ? method : "unknown";

    private static JsonNode? Node(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) ? JsonNode.Parse(value.GetRawText()) : null;
}

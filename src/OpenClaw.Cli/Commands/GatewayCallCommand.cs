using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw gateway call &lt;method&gt; [--params json]</c>: one RPC, result printed as JSON (§8.3).</summary>
internal static class GatewayCallCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext context)
    {
        var method = new Argument<string>("method") { Description = "Gateway method, e.g. health, status, sessions.list" };
        var parameters = new Option<string>("--params") { Description = "Method params as a JSON object", DefaultValueFactory = _ => "{}" };
        var expectFinal = new Option<bool>("--expect-final") { Description = "Wait for the final response of a two-response method (agent)" };
        var connection = new GatewayConnectionOptions(defaultTimeoutMs: 30_000);
        var call = new Command("call", "Call a gateway method over WebSocket and print the result") { method, parameters, expectFinal };
        connection.AddTo(call);
        call.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(method)!;
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(parse.GetValue(parameters) ?? "{}");
            }
            catch (JsonException ex)
            {
                throw new CliException($"--params is not valid JSON: {ex.Message}", 2);
            }

            var target = connection.Resolve(parse, context);
            var timeout = connection.TimeoutOf(parse);
            var result = await CallAsync(target, name, body, parse.GetValue(expectFinal), timeout, cancellationToken);
            if (!parse.GetValue(context.Json))
            {
                await context.Output.WriteLineAsync($"Gateway call: {name}");
            }

            await context.Output.WriteLineAsync(Format(result));
            return 0;
        });
        return call;
    }

    /// <summary>Connects, calls, closes; failures become the CLI's one-line errors.</summary>
    public static async Task<JsonElement> CallAsync(GatewayTarget target, string method, JsonNode? parameters, bool expectFinal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await GatewayClient.ConnectAsync(target.Url, target.Credentials, timeout, cancellationToken, target.TlsFingerprint);
            return await client.CallAsync(method, parameters, expectFinal, timeout, cancellationToken);
        }
        catch (GatewayUnreachableException ex)
        {
            throw new CliException($"Gateway call failed: {ex.Message}; start it with `openclaw gateway run`");
        }
        catch (GatewayCallException ex)
        {
            throw new CliException($"Gateway call failed: {ex.Message}");
        }
    }

    /// <summary>2-space indented JSON, non-ASCII kept readable.</summary>
    public static string Format(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? "null" : JsonSerializer.Serialize(value, Indented);
}

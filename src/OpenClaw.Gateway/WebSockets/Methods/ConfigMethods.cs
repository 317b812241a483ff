using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary><c>config.get</c> (gateway-protocol.md §6.9): the file and the effective config, secrets redacted.</summary>
internal sealed partial class ConfigMethods(IConfigSource config) : ISocketMethods
{
    public const string Redacted = ConfigRedaction.Redacted;

    public void Register(SocketMethodTable table) => table.Add("config.get", GatewayScopes.Admin, GetAsync);

    /// <summary>Keys whose string values are secrets; the rule lives in Core so the CLI redacts the same way.</summary>
    public static bool IsSecretKey(string key) => ConfigRedaction.IsSecretKey(key);

    /// <summary>A copy of <paramref name="node"/> with every secret-bearing string value replaced.</summary>
    public static JsonNode? Redact(JsonNode? node) => ConfigRedaction.Redact(node);

    /// <summary>The file text with secret string values replaced (JSON5: quoted or bare keys, either quote).</summary>
    public static string RedactText(string text) => SecretValue().Replace(text, match =>
        IsSecretKey(match.Groups["key"].Value) ? match.Groups["head"].Value + "\"" + Redacted + "\"" : match.Value);

    private async Task<JsonNode?> GetAsync(SocketCall call)
    {
        var snapshot = config.Current;
        var path = snapshot.Paths.ConfigPath;
        var exists = File.Exists(path);
        var bytes = exists ? await File.ReadAllBytesAsync(path) : [];
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        JsonNode? parsed = null;
        var valid = true;
        if (exists)
        {
            try
            {
                parsed = Json5.Parse(text);
            }
            catch (Json5Exception)
            {
                valid = false;
            }
        }

        return new JsonObject
        {
            ["path"] = path,
            ["exists"] = exists,
            ["raw"] = RedactText(text),
            ["parsed"] = Redact(parsed) ?? new JsonObject(),
            ["valid"] = valid,
            ["config"] = Redact(snapshot.Config.Raw),
            ["hash"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ["issues"] = new JsonArray(),
            ["warnings"] = new JsonArray([.. snapshot.Config.Warnings.Select(w => (JsonNode?)w)]),
            ["legacyIssues"] = new JsonArray(),
        };
    }

    [GeneratedRegex("""(?<head>(?<q>["']?)(?<key>[A-Za-z_$][\w$]*)\k<q>\s*:\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")]
    private static partial Regex SecretValue();
}

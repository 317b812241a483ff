using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary><c>config.get</c> (gateway-protocol.md §6.9): the file and the effective config, secrets redacted.</summary>
internal sealed class ConfigMethods(IConfigSource config) : ISocketMethods
{
    public void Register(SocketMethodTable table) => table.Add("config.get", GatewayScopes.Admin, GetAsync);

    private async Task<JsonNode?> GetAsync(SocketCall call)
    {
        var snapshot = config.Current;
        var secrets = snapshot.Secrets;
        var path = snapshot.Paths.ConfigPath;
        var exists = File.Exists(path);
        var bytes = exists ? await File.ReadAllBytesAsync(path) : [];
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        JsonNode? parsed = null;
        var issues = new JsonArray();
        if (exists)
        {
            try
            {
                parsed = Json5.Parse(text);
            }
            catch (Json5Exception ex)
            {
                // As the original: the issue says why, and neither raw nor parsed is shown (see RedactText).
                issues.Add((JsonNode)new JsonObject { ["path"] = "", ["message"] = "JSON5 parse failed: " + ex.Message });
            }
        }

        var valid = issues.Count == 0;

        return new JsonObject
        {
            ["path"] = path,
            ["exists"] = exists,
            ["raw"] = ConfigRedaction.RedactText(text, secrets),
            ["parsed"] = valid ? ConfigRedaction.Redact(parsed, secrets: secrets.With(parsed)) ?? new JsonObject() : null,
            ["valid"] = valid,
            ["config"] = ConfigRedaction.Redact(snapshot.Config.Raw, parsed, secrets.With(parsed)),
            ["hash"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ["issues"] = issues,
            ["warnings"] = new JsonArray([.. snapshot.Config.Warnings.Select(w => (JsonNode?)w)]),
            ["legacyIssues"] = new JsonArray(),
        };
    }
}

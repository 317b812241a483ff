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

    /// <summary>See <see cref="ConfigRedaction.IsSecretKey"/>.</summary>
    public static bool IsSecretKey(string key) => ConfigRedaction.IsSecretKey(key);

    /// <summary>See <see cref="ConfigRedaction.Redact"/>.</summary>
    public static JsonNode? Redact(JsonNode? node, JsonNode? source = null) => ConfigRedaction.Redact(node, source);

    /// <summary>
    /// The file text with secret values replaced (JSON5: quoted, bare or escaped keys, comments around the colon).
    /// When the text cannot be redacted with certainty (a secret still appears, or fewer values were replaced than
    /// <paramref name="parsed"/> holds), the redacted parse is returned as JSON instead: a secret never leaks.
    /// </summary>
    public static string RedactText(string text, JsonNode? parsed)
    {
        var replaced = 0;
        var redacted = SecretValue().Replace(text, match =>
        {
            if (!IsSecretKey(Unescape(match.Groups["key"].Value)))
            {
                return match.Value;
            }

            replaced++;
            return match.Groups["head"].Value + "\"" + Redacted + "\"";
        });
        var secrets = new List<string>();
        CollectSecrets(parsed, false, secrets);
        // Very short values (a test's "x") would match unrelated text; the count check covers those.
        var leaks = secrets.Any(v => v.Length >= 4 && redacted.Contains(v, StringComparison.Ordinal));
        return leaks || replaced < secrets.Count
            ? Redact(parsed)?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }) ?? ""
            : redacted;
    }

    private static void CollectSecrets(JsonNode? node, bool secret, List<string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    CollectSecrets(value, secret || key.Equals("headers", StringComparison.OrdinalIgnoreCase) || (IsSecretKey(key) && value is JsonValue), into);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectSecrets(item, secret, into);
                }

                break;
            case JsonValue value when secret && value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                into.Add(value.GetValue<string>());
                break;
        }
    }

    /// <summary>A key as written in the file, with <c>\uXXXX</c> and simple escapes decoded.</summary>
    private static string Unescape(string key)
    {
        if (!key.Contains('\\', StringComparison.Ordinal))
        {
            return key;
        }

        try
        {
            return Regex.Unescape(key);
        }
        catch (ArgumentException)
        {
            return key;
        }
    }

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
            ["raw"] = RedactText(text, parsed),
            ["parsed"] = Redact(parsed) ?? new JsonObject(),
            ["valid"] = valid,
            ["config"] = Redact(snapshot.Config.Raw, parsed),
            ["hash"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ["issues"] = new JsonArray(),
            ["warnings"] = new JsonArray([.. snapshot.Config.Warnings.Select(w => (JsonNode?)w)]),
            ["legacyIssues"] = new JsonArray(),
        };
    }

    // A key (bare, or quoted with escapes allowed), comments or white space, a colon, comments or white space, then a
    // quoted string (escapes, including line continuations, allowed).
    [GeneratedRegex("""(?<head>(?<q>["']?)(?<key>(?:[A-Za-z_$\\][\w$\\-]*))\k<q>(?:\s|/\*.*?\*/|//[^\n]*\n)*:(?:\s|/\*.*?\*/|//[^\n]*\n)*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""", RegexOptions.Singleline)]
    private static partial Regex SecretValue();
}

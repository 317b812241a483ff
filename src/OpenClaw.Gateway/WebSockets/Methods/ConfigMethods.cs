using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary><c>config.get</c> (gateway-protocol.md §6.9): the file and the effective config, secrets redacted.</summary>
internal sealed partial class ConfigMethods(IConfigSource config) : ISocketMethods
{
    public const string Redacted = "__OPENCLAW_REDACTED__";

    public void Register(SocketMethodTable table) => table.Add("config.get", GatewayScopes.Admin, GetAsync);

    /// <summary>
    /// Keys whose string values are secrets: token, password, apiKey, secret (also as a suffix, e.g. botToken),
    /// authorization, cookie, and api-key style header names. Every value inside a <c>headers</c> object is one too.
    /// </summary>
    public static bool IsSecretKey(string key) =>
        key.EndsWith("token", StringComparison.OrdinalIgnoreCase) || key.EndsWith("password", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("apikey", StringComparison.OrdinalIgnoreCase) || key.EndsWith("secret", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("api-key", StringComparison.OrdinalIgnoreCase) || key.EndsWith("api_key", StringComparison.OrdinalIgnoreCase)
        || key.Equals("authorization", StringComparison.OrdinalIgnoreCase) || key.Equals("cookie", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A copy of <paramref name="node"/> with every secret string replaced. With <paramref name="source"/> (the file
    /// before <c>${VAR}</c> substitution) a value built from a credential-named variable (<c>${…KEY}</c>,
    /// <c>${…TOKEN}</c>, <c>${…SECRET}</c>, …) is treated as a secret too, whatever its key.
    /// </summary>
    public static JsonNode? Redact(JsonNode? node, JsonNode? source = null, bool secret = false)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var inHeaders = key.Equals("headers", StringComparison.OrdinalIgnoreCase);
                    copy[key] = IsSecretKey(key) && value is JsonValue
                        ? Redacted
                        : Redact(value, (source as JsonObject)?[key], secret || inHeaders);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select((item, i) => Redact(item, source is JsonArray s && i < s.Count ? s[i] : null, secret))]);
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String
                && (secret || (source is JsonValue template && template.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && SecretVariable().IsMatch(template.GetValue<string>()))):
                return Redacted;
            default:
                return node?.DeepClone();
        }
    }

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

    // A ${VAR} reference whose name says it holds a credential (OPENAI_API_KEY, HDR_SECRET, DB_PASSWORD, …).
    [GeneratedRegex(@"\$\{[A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASS|AUTH|CREDENTIAL)[A-Za-z0-9_]*\}", RegexOptions.IgnoreCase)]
    private static partial Regex SecretVariable();

    // A key (bare, or quoted with escapes allowed), comments or white space, a colon, comments or white space, then a
    // quoted string (escapes, including line continuations, allowed).
    [GeneratedRegex("""(?<head>(?<q>["']?)(?<key>(?:[A-Za-z_$\\][\w$\\-]*))\k<q>(?:\s|/\*.*?\*/|//[^\n]*\n)*:(?:\s|/\*.*?\*/|//[^\n]*\n)*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""", RegexOptions.Singleline)]
    private static partial Regex SecretValue();
}

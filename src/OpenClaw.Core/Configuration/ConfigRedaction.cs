using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenClaw.Core.Configuration;

/// <summary>Hides secret values when the config is shown (WS <c>config.get</c>, <c>openclaw config get</c>).</summary>
public static partial class ConfigRedaction
{
    public const string Redacted = "__OPENCLAW_REDACTED__";

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
            case JsonValue value when value.GetValueKind() == JsonValueKind.String
                && (secret || (source is JsonValue template && template.GetValueKind() == JsonValueKind.String
                    && SecretVariable().IsMatch(template.GetValue<string>()))):
                return Redacted;
            default:
                return node?.DeepClone();
        }
    }

    // A ${VAR} reference whose name says it holds a credential (OPENAI_API_KEY, HDR_SECRET, DB_PASSWORD, …).
    [GeneratedRegex(@"\$\{[A-Za-z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASS|AUTH|CREDENTIAL)[A-Za-z0-9_]*\}", RegexOptions.IgnoreCase)]
    private static partial Regex SecretVariable();
}

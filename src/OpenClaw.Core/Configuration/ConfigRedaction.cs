using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>Hides secret values when the config is shown (WS <c>config.get</c>, <c>openclaw config get</c>).</summary>
public static class ConfigRedaction
{
    public const string Redacted = "__OPENCLAW_REDACTED__";

    /// <summary>Keys whose scalar values are secrets: token, password, apiKey, secret (also as a suffix, e.g. botToken).</summary>
    public static bool IsSecretKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.EndsWith("token", StringComparison.OrdinalIgnoreCase) || key.EndsWith("password", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("apikey", StringComparison.OrdinalIgnoreCase) || key.EndsWith("secret", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A copy of <paramref name="node"/> with every secret-bearing scalar value replaced.</summary>
    public static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = IsSecretKey(key) && value is JsonValue ? Redacted : Redact(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(Redact)]);
            default:
                return node?.DeepClone();
        }
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Hides secret values when the config is shown (WS <c>config.get</c>, <c>openclaw config get</c>). Hidden: values at
/// secret keys (<see cref="IsSecretKey"/>), every value under <c>headers</c> and under the top-level <c>env</c>
/// (numbers and booleans there become the <see cref="Redacted"/> string, as at a secret key; null stays null), every
/// string built by <c>${VAR}</c> substitution, and any string that is or contains a known secret value
/// (<see cref="ConfigSecrets"/>). The user info of URLs (<c>postgres://user:pass@host</c>) is hidden in place.
/// </summary>
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
    /// A copy of <paramref name="node"/> with every secret string replaced. <paramref name="source"/> is the file
    /// before <c>${VAR}</c> substitution: a value whose template there has a <c>${VAR}</c> is hidden. With
    /// <paramref name="secret"/> every string of <paramref name="node"/> is hidden (a subtree of <c>env</c>).
    /// </summary>
    public static JsonNode? Redact(JsonNode? node, JsonNode? source = null, ConfigSecrets? secrets = null, bool secret = false) =>
        Walk(node, source, secrets ?? ConfigSecrets.None, secret, "", atRoot: !secret);

    /// <summary>
    /// The config file's text with the same values replaced, comments and layout kept; null when the text is not valid
    /// JSON5 (e.g. a file mid-edit).
    /// </summary>
    /// <remarks>
    /// Unparsable text is not shown at all, as the original does (its <c>config.get</c> sends <c>raw: null</c> for an
    /// invalid file). Without the structure nothing tells where the secrets stand: values under <c>env</c> and
    /// <c>headers</c>, keys written with escapes, numbers, and the rest of the file after an unterminated string would
    /// all leak through any pattern-based redaction.
    /// </remarks>
    public static string? RedactText(string text, ConfigSecrets? secrets = null)
    {
        var scalars = new List<Json5Scalar>();
        JsonNode? parsed;
        try
        {
            parsed = new Json5Reader(text, scalars).ReadDocument();
        }
        catch (Json5Exception)
        {
            return null;
        }

        secrets = (secrets ?? ConfigSecrets.None).With(parsed);
        var result = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var scalar in scalars)
        {
            var shown = Shown(scalar, secrets);
            if (shown is null)
            {
                continue;
            }

            result.Append(text, copied, scalar.Start - copied).Append(JsonValue.Create(shown).ToJsonString());
            copied = scalar.Start + scalar.Length;
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// Whether the value at a path of the file (its keys, null for an array index) is secret as a whole: some key along
    /// the path is a secret place (<see cref="IsSecretPlace"/>). <paramref name="value"/> is the value at the path.
    /// </summary>
    public static bool IsSecretPath(IReadOnlyList<string?> path, JsonNode? value)
    {
        var secret = false;
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i] is { } key)
            {
                secret = IsSecretPlace(key, i == path.Count - 1 ? value : null, secret, atRoot: i == 0);
            }
        }

        return secret;
    }

    /// <summary>Whether the value under <paramref name="key"/> is secret as a whole.</summary>
    internal static bool IsSecretPlace(string key, JsonNode? value, bool parentSecret, bool atRoot) =>
        parentSecret || key.Equals("headers", StringComparison.OrdinalIgnoreCase) || (atRoot && key == "env")
        || (IsSecretKey(key) && value is JsonValue);

    /// <summary>A string as shown: <see cref="Redacted"/> when secret, else with the user info of URLs hidden.</summary>
    internal static string RedactString(string value, bool secret, ConfigSecrets secrets) =>
        secret || secrets.Reveals(value) ? Redacted : UrlUserInfo().Replace(value, "${scheme}" + Redacted + "@");

    private static JsonNode? Walk(JsonNode? node, JsonNode? source, ConfigSecrets secrets, bool secret, string path, bool atRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    copy[key] = IsSecretKey(key) && value is JsonValue
                        ? Redacted
                        : Walk(value, (source as JsonObject)?[key], secrets, IsSecretPlace(key, value, secret, atRoot), childPath, atRoot: false);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select((item, i) => Walk(item, source is JsonArray s && i < s.Count ? s[i] : null, secrets, secret, $"{path}[{i}]", atRoot: false))]);
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var templated = source is JsonValue template && template.GetValueKind() == JsonValueKind.String && Variable().IsMatch(template.GetValue<string>());
                return RedactString(value.GetValue<string>(), secret || templated || secrets.IsSubstituted(path), secrets);
            case JsonValue when secret:
                // A number or boolean in a secret place (under env, in headers): the marker, as at a secret key.
                return Redacted;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>The replacement text of one scalar of the file, or null to keep it as written.</summary>
    private static string? Shown(Json5Scalar scalar, ConfigSecrets secrets)
    {
        var secret = IsSecretPath(scalar.Path, scalar.Value);
        if (scalar.Value is not JsonValue value)
        {
            return null;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            // A number or boolean is hidden in a secret place (under env, in headers, at a secret key), as in the parsed view.
            return secret ? Redacted : null;
        }

        var text = value.GetValue<string>();
        var shown = RedactString(text, secret, secrets);
        return shown == text ? null : shown;
    }

    // A ${VAR} reference (not the $${VAR} escape), as EnvSubstitution resolves it.
    [GeneratedRegex(@"(?<!\$)\$\{[A-Z_][A-Z0-9_]*\}")]
    private static partial Regex Variable();

    // The user info of a URL: scheme://user[:password]@
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#@""']+@")]
    private static partial Regex UrlUserInfo();
}

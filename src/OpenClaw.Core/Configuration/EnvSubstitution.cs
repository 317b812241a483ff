using System.Text;
using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary><c>${VAR}</c> substitution in every string value; <c>$${VAR}</c> is the literal <c>${VAR}</c>.</summary>
internal static class EnvSubstitution
{
    public static void Apply(JsonNode node, IProcessEnvironment environment, ConfigSecrets? secrets = null, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    if (obj[key] is JsonValue value && value.TryGetValue(out string? text))
                    {
                        obj[key] = Substitute(text, environment, childPath, secrets);
                    }
                    else if (obj[key] is { } child)
                    {
                        Apply(child, environment, secrets, childPath);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = $"{path}[{i}]";
                    if (array[i] is JsonValue value && value.TryGetValue(out string? text))
                    {
                        array[i] = Substitute(text, environment, childPath, secrets);
                    }
                    else if (array[i] is { } child)
                    {
                        Apply(child, environment, secrets, childPath);
                    }
                }

                break;
        }
    }

    /// <summary>The text with its variables substituted; each value used is recorded in <paramref name="secrets"/>, with the path.</summary>
    public static string Substitute(string text, IProcessEnvironment environment, string path, ConfigSecrets? secrets = null)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$' && TryReadName(text, i + 1, out var escapedName, out var escapedEnd))
            {
                result.Append("${").Append(escapedName).Append('}');
                i = escapedEnd;
            }
            else if (text[i] == '$' && TryReadName(text, i, out var name, out var end))
            {
                var value = environment.Get(name) ?? throw new ConfigException($"missing env var {name} at {path}");
                secrets?.AddSubstitution(path, value);
                result.Append(value);
                i = end;
            }
            else
            {
                result.Append(text[i]);
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>Reads <c>${NAME}</c> starting at <paramref name="start"/> (the <c>$</c>).</summary>
    private static bool TryReadName(string text, int start, out string name, out int end)
    {
        name = "";
        end = start;
        if (start + 1 >= text.Length || text[start + 1] != '{')
        {
            return false;
        }

        var close = text.IndexOf('}', start + 2);
        if (close < 0)
        {
            return false;
        }

        var candidate = text.AsSpan(start + 2, close - start - 2);
        if (!IsVariableName(candidate))
        {
            return false;
        }

        name = candidate.ToString();
        end = close + 1;
        return true;
    }

    internal static bool IsVariableName(ReadOnlySpan<char> candidate)
    {
        if (candidate.IsEmpty || !(candidate[0] is (>= 'A' and <= 'Z') or '_'))
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>Collects every problem of one load so the user sees them all at once.</summary>
internal sealed class ConfigDiagnostics
{
    public List<string> Errors { get; } = [];

    public List<string> Warnings { get; } = [];
}

/// <summary>Typed, path-aware reads from one JSON object of the config; problems go to the diagnostics.</summary>
internal sealed class ConfigSection(JsonObject node, string path, ConfigDiagnostics diagnostics)
{
    public string Path { get; } = path;

    public JsonObject Node { get; } = node;

    public ConfigDiagnostics Diagnostics { get; } = diagnostics;

    public string KeyPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    public bool Has(string key) => Node.TryGetPropertyValue(key, out var value) && value is not null;

    public void Error(string key, string reason) => Diagnostics.Errors.Add($"{KeyPath(key)}: {reason}");

    /// <summary>Unknown keys are errors in sections we implement strictly, warnings elsewhere.</summary>
    public void CheckKeys(bool strict, params string[] known)
    {
        foreach (var (key, _) in Node)
        {
            if (Array.IndexOf(known, key) >= 0)
            {
                continue;
            }

            if (strict)
            {
                Diagnostics.Errors.Add($"{KeyPath(key)}: unrecognized key");
            }
            else
            {
                Diagnostics.Warnings.Add($"{KeyPath(key)} is not supported by this gateway and is ignored");
            }
        }
    }

    /// <summary>Records a warning for present keys that are accepted but have no effect.</summary>
    public void Ignored(params string[] keys)
    {
        foreach (var key in keys)
        {
            if (Has(key))
            {
                Diagnostics.Warnings.Add($"{KeyPath(key)} is accepted but has no effect in this gateway");
            }
        }
    }

    public ConfigSection? Section(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        if (value is JsonObject obj)
        {
            return new ConfigSection(obj, KeyPath(key), Diagnostics);
        }

        TypeError(key, "object", value);
        return null;
    }

    /// <summary>The objects of an array-valued key; non-objects are reported and skipped.</summary>
    public IEnumerable<ConfigSection> ObjectArray(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            yield break;
        }

        if (value is not JsonArray array)
        {
            TypeError(key, "array", value);
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"{KeyPath(key)}[{i}]";
            if (array[i] is JsonObject obj)
            {
                yield return new ConfigSection(obj, path, Diagnostics);
            }
            else
            {
                Diagnostics.Errors.Add($"{path}: expected object, received {KindName(array[i])}");
            }
        }
    }

    public string? String(string key, bool trim = true)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.TryGetValue(out string? text))
        {
            return trim ? text.Trim() : text;
        }

        TypeError(key, "string", value);
        return null;
    }

    public string? OneOf(string key, params string[] allowed)
    {
        var text = String(key);
        if (text is not null && Array.IndexOf(allowed, text) < 0)
        {
            Error(key, $"expected one of {string.Join(", ", allowed)}, received \"{text}\"");
            return null;
        }

        return text;
    }

    public bool? Bool(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValue<bool>();
        }

        TypeError(key, "boolean", value);
        return null;
    }

    public long? Integer(string key, long min, long max)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            var number = v.TryGetValue(out long l) ? l : v.GetValue<double>();
            if (number % 1 == 0 && number >= min && number <= max)
            {
                return (long)number;
            }

            Error(key, $"expected an integer between {min} and {max}, received {number.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            return null;
        }

        TypeError(key, "integer", value);
        return null;
    }

    public IReadOnlyList<string>? StringList(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        if (value is not JsonArray array)
        {
            TypeError(key, "array", value);
            return null;
        }

        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue item && item.TryGetValue(out string? text))
            {
                result.Add(text.Trim());
            }
            else
            {
                Diagnostics.Errors.Add($"{KeyPath(key)}[{i}]: expected string, received {KindName(array[i])}");
            }
        }

        return result;
    }

    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var section = Section(key);
        if (section is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in section.Node)
        {
            if (value is JsonValue v && v.TryGetValue(out string? text))
            {
                result[name] = text;
            }
            else
            {
                section.TypeError(name, "string", value);
            }
        }

        return result;
    }

    public JsonNode? Get(string key) => Node.TryGetPropertyValue(key, out var value) ? value : null;

    public void TypeError(string key, string expected, JsonNode? value) =>
        Error(key, $"expected {expected}, received {KindName(value)}");

    public static string KindName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "unknown",
    };
}

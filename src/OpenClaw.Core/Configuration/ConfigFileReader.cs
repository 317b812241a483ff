using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Turns the JSON5 config file into one JSON object: parse, resolve <c>$include</c>, apply the <c>env</c> block and
/// <c>.env</c> files, then substitute <c>${VAR}</c> (agent-runtime.md §2.1, in that order).
/// </summary>
internal static class ConfigFileReader
{
    private const int MaxIncludeDepth = 10;

    /// <summary>
    /// Reads <paramref name="configPath"/>; a missing file is an empty config. <paramref name="secrets"/> learns the
    /// values of the env block and the .env files, what <c>${VAR}</c> substituted where, and the secret-key values.
    /// </summary>
    public static JsonObject Read(string configPath, string stateDir, IProcessEnvironment? environment = null, ConfigSecrets? secrets = null)
    {
        environment ??= ProcessEnvironment.Instance;
        var root = File.Exists(configPath)
            ? LoadWithIncludes(Path.GetFullPath(configPath), depth: 0, [])
            : [];

        try
        {
            ApplyEnvBlock(root, environment);
            ApplyDotEnv(Path.Combine(Directory.GetCurrentDirectory(), ".env"), environment, secrets);
            ApplyDotEnv(Path.Combine(stateDir, ".env"), environment, secrets);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot apply the env block or .env files: {ex.Message}", ex);
        }

        EnvSubstitution.Apply(root, environment, secrets);
        secrets?.CollectFrom(root);
        return root;
    }

    private static JsonObject LoadWithIncludes(string path, int depth, HashSet<string> chain)
    {
        if (depth > MaxIncludeDepth)
        {
            throw new ConfigException($"$include nesting deeper than {MaxIncludeDepth} levels at {path}");
        }

        if (!chain.Add(path))
        {
            throw new ConfigException($"$include cycle detected at {path}");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read config file {path}: {ex.Message}", ex);
        }

        JsonNode? parsed;
        try
        {
            parsed = Json5.Parse(text);
        }
        catch (Json5Exception ex)
        {
            throw new ConfigException($"{path}: {ex.Message}", ex);
        }

        if (parsed is not JsonObject obj)
        {
            throw new ConfigException($"{path}: the config must be a JSON5 object");
        }

        var resolved = (JsonObject)ResolveIncludes(obj, Path.GetDirectoryName(path)!, depth, chain);
        chain.Remove(path);
        return resolved;
    }

    private static JsonNode ResolveIncludes(JsonNode node, string baseDir, int depth, HashSet<string> chain)
    {
        switch (node)
        {
            case JsonObject obj when obj.TryGetPropertyValue("$include", out var include):
                var merged = new JsonObject();
                foreach (var file in IncludeFiles(include))
                {
                    var included = LoadWithIncludes(Path.GetFullPath(Path.Combine(baseDir, file)), depth + 1, chain);
                    DeepMerge(merged, included);
                }

                var rest = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key != "$include")
                    {
                        rest[key] = value is null ? null : ResolveIncludes(value.DeepClone(), baseDir, depth, chain);
                    }
                }

                DeepMerge(merged, rest);
                return merged;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child)
                    {
                        obj[key] = ResolveIncludes(child.DeepClone(), baseDir, depth, chain);
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        array[i] = ResolveIncludes(item.DeepClone(), baseDir, depth, chain);
                    }
                }

                return array;
            default:
                return node;
        }
    }

    private static IEnumerable<string> IncludeFiles(JsonNode? include) => include switch
    {
        JsonValue v when v.TryGetValue(out string? one) => [one],
        JsonArray many when many.All(n => n is JsonValue jv && jv.TryGetValue(out string? _)) =>
            many.Select(n => n!.GetValue<string>()),
        _ => throw new ConfigException("$include must be a file path or an array of file paths"),
    };

    /// <summary>Objects merge key by key; anything else in <paramref name="overlay"/> replaces the target value.</summary>
    internal static void DeepMerge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay)
        {
            if (value is JsonObject overlayChild && target[key] is JsonObject targetChild)
            {
                DeepMerge(targetChild, overlayChild);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static void ApplyEnvBlock(JsonObject root, IProcessEnvironment environment)
    {
        if (root["env"] is not JsonObject env)
        {
            return;
        }

        foreach (var (key, value) in env)
        {
            if (key == "vars" && value is JsonObject vars)
            {
                foreach (var (varKey, varValue) in vars)
                {
                    SetIfUnset(environment, varKey, varValue);
                }
            }
            else
            {
                SetIfUnset(environment, key, value);
            }
        }
    }

    private static void SetIfUnset(IProcessEnvironment environment, string key, JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue(out string? text) && string.IsNullOrEmpty(environment.Get(key)))
        {
            environment.Set(key, text);
        }
    }

    private static void ApplyDotEnv(string path, IProcessEnvironment environment, ConfigSecrets? secrets)
    {
        foreach (var (key, value) in DotEnvFile.Read(path))
        {
            secrets?.Add(value);
            if (string.IsNullOrEmpty(environment.Get(key)))
            {
                environment.Set(key, value);
            }
        }
    }
}

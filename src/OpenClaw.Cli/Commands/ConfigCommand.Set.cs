using System.CommandLine;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli.Commands;

internal static partial class ConfigCommand
{
    // Hot reload leaves the listener alone (agent-runtime.md §2.3).
    private static readonly string[] RestartKeys = ["gateway.port", "gateway.bind", "gateway.auth.mode", "gateway.tls"];

    private static Command CreateSet(CliContext context)
    {
        var path = new Argument<string>("path") { Description = PathHelp };
        var value = new Argument<string>("value") { Description = "JSON5 value (123, true, null, [1,2], {a:1}, 'text'); anything else is stored as a plain string" };
        var strictJson = new Option<bool>("--strict-json") { Description = "Fail when the value is not valid JSON5 instead of storing it as a string" };
        var command = new Command(
            "set",
            "Set the value at a path, creating missing objects (an array index may be one past the end, which appends). " +
            "The whole config is validated before the file is written; comments and formatting are not kept. " +
            "In a file that uses $include, only keys of the top-level file can be set.")
        {
            path,
            value,
            strictJson,
        };

        command.SetAction(parse =>
        {
            var paths = context.Paths(parse);
            var target = ParsePath(parse.GetValue(path)!);
            var node = ParseValue(parse.GetValue(value)!, parse.GetValue(strictJson));
            using var exclusive = ConfigFileLock.Acquire(paths.ConfigPath);
            var root = ReadTopLevel(paths.ConfigPath) ?? [];
            if (!ConfigTree.TryGet(root, target, out _))
            {
                RefuseIncluded(root, target, paths.ConfigPath, "set");
            }

            try
            {
                ConfigTree.Set(root, target, node);
            }
            catch (ConfigException ex)
            {
                throw new CliException($"Cannot set {target}: {ex.Message}");
            }

            WriteValidated(context, paths, root);
            context.Output.WriteLine($"Updated {target} in {paths.ConfigPath}");
            var canonical = ConfigPath.Format(target.Segments);
            if (RestartKeys.Any(k => IsWithin(canonical, k) || IsWithin(k, canonical)))
            {
                context.Output.WriteLine("A running gateway needs a restart for this key (port, bind, auth mode and TLS are not hot-reloaded).");
            }

            return 0;
        });
        return command;
    }

    private static Command CreateUnset(CliContext context)
    {
        var path = new Argument<string>("path") { Description = PathHelp };
        var command = new Command(
            "unset",
            "Remove the key or array element at a path (later elements move up); nothing to remove is not an error. " +
            "The result is validated before the file is written.")
        {
            path,
        };

        command.SetAction(parse =>
        {
            var paths = context.Paths(parse);
            var target = ParsePath(parse.GetValue(path)!);
            using var exclusive = ConfigFileLock.Acquire(paths.ConfigPath);
            var root = ReadTopLevel(paths.ConfigPath);
            if (root is null || !ConfigTree.TryGet(root, target, out _))
            {
                if (root is not null)
                {
                    RefuseIncluded(root, target, paths.ConfigPath, "unset");
                }

                context.Output.WriteLine($"Nothing to unset: {target} is not in {paths.ConfigPath}");
                return 0;
            }

            ConfigTree.Remove(root, target);
            WriteValidated(context, paths, root);
            context.Output.WriteLine($"Removed {target} from {paths.ConfigPath}");
            return 0;
        });
        return command;
    }

    private static JsonNode? ParseValue(string text, bool strict)
    {
        try
        {
            var node = Json5.Parse(text);
            if (!HasNonFiniteNumber(node))
            {
                return node;
            }

            if (strict)
            {
                throw new CliException($"Value '{text}' is not valid JSON: Infinity and NaN cannot be stored in a JSON file.");
            }
        }
        catch (Json5Exception ex) when (strict)
        {
            throw new CliException($"Value is not valid JSON5 (--strict-json): {ex.Message}\nQuote a string value, e.g. '\"text\"'.");
        }
        catch (Json5Exception)
        {
        }

        return JsonValue.Create(text);
    }

    private static bool HasNonFiniteNumber(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(p => HasNonFiniteNumber(p.Value)),
        JsonArray array => array.Any(HasNonFiniteNumber),
        JsonValue v => v.TryGetValue(out double d) && !double.IsFinite(d),
        _ => false,
    };

    /// <summary>Validates the edited config with the gateway's own load, then swaps it in atomically.</summary>
    private static void WriteValidated(CliContext context, OpenClawPaths paths, JsonObject root)
    {
        ConfigValidationResult? result = null;
        try
        {
            ConfigFileWriter.Write(paths.ConfigPath, root, temp =>
            {
                // The temp file sits next to the real one, so $include paths resolve the same way.
                result = ConfigValidator.Validate(paths with { ConfigPath = temp }, context.Environment, tolerateUnsetVariables: true);
                if (!result.Valid)
                {
                    throw new CliException(
                        $"Config not changed: the result would be invalid ({paths.ConfigPath}):\n" +
                        string.Join("\n", result.Issues.Select(i => "- " + i.Replace(temp, paths.ConfigPath, StringComparison.Ordinal))) +
                        "\nFix the value (or the keys above) and try again.");
                }
            });
        }
        catch (Exception ex) when (ex is ConfigException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write {paths.ConfigPath}: {ex.Message}");
        }

        foreach (var name in result?.UnsetVariables ?? [])
        {
            context.Error.WriteLine($"Note: ${{{name}}} is not set in this shell; it was checked as literal text. The gateway needs it in its environment.");
        }
    }

    private static bool IsWithin(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal) || path.StartsWith(prefix + "[", StringComparison.Ordinal);
}

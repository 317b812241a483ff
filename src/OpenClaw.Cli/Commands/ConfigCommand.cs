using System.CommandLine;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw config get|set|unset|file|validate</c> (agent-runtime.md §8.7): works on the config file itself, which
/// a running gateway hot-reloads.
/// </summary>
internal static partial class ConfigCommand
{
    private const string PathHelp = "Dot/bracket path, e.g. gateway.auth.mode, agents.list[0].id or agents.defaults.models[\"openai/gpt-4.1\"]";

    public static Command Create(CliContext context) =>
        new("config", "Read and edit the config file (openclaw.json); a running gateway reloads it by itself")
        {
            CreateGet(context),
            CreateSet(context),
            CreateUnset(context),
            CreateFile(context),
            CreateValidate(context),
        };

    private static ConfigPath ParsePath(string text)
    {
        try
        {
            return ConfigPath.Parse(text);
        }
        catch (ConfigPathException ex)
        {
            throw new CliException($"{ex.Message}\nUse dots between keys and [n] for array items, e.g. agents.list[0].id", exitCode: 2);
        }
    }

    /// <summary>The top-level file as written (JSON5 parsed, nothing resolved), or null when there is no file.</summary>
    private static JsonObject? ReadTopLevel(string configPath)
    {
        if (!File.Exists(configPath))
        {
            return null;
        }

        try
        {
            return Json5.Parse(File.ReadAllText(configPath)) as JsonObject
                ?? throw new CliException($"{configPath}: the config must be a JSON5 object ({{ … }}); fix the file by hand");
        }
        catch (Json5Exception ex)
        {
            throw new CliException($"Cannot parse {configPath}: {ex.Message}\nFix the file by hand; 'openclaw config validate' shows the problem again.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read {configPath}: {ex.Message}");
        }
    }

    /// <summary>
    /// Refuses a path whose value comes from an <c>$include</c>d file, naming that file; edits also refuse new keys
    /// under a section that lives in an included file.
    /// </summary>
    private static void RefuseIncluded(JsonObject root, ConfigPath path, string configPath, string verb)
    {
        if (ConfigIncludeProbe.Find(root, path, configPath, orAncestor: verb != "get") is { } origin)
        {
            var where = origin.Path == ConfigPath.Format(path.Segments) ? $"Config path {path}" : $"Config path {path} is under {origin.Path}, which";
            throw new CliException(
                $"{where} comes from an included file: {origin.File}\n" +
                $"'openclaw config {verb}' only works on the top-level file {configPath}; edit {origin.File} directly.");
        }
    }
}

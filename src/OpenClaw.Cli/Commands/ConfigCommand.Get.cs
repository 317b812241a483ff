using System.CommandLine;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli.Commands;

internal static partial class ConfigCommand
{
    private static Command CreateGet(CliContext context)
    {
        var path = new Argument<string>("path") { Description = PathHelp };
        var showSecrets = new Option<bool>("--show-secrets") { Description = "Print secret values (token, password, apiKey, secret, env, URL user info …) instead of " + ConfigRedaction.Redacted };
        var command = new Command(
            "get",
            "Print the value at a path of the config file as written: $include and ${VAR} are not resolved " +
            "(strings raw, other values as JSON; --json prints strings quoted too)")
        {
            path,
            showSecrets,
        };

        command.SetAction(parse =>
        {
            var configPath = context.Paths(parse).ConfigPath;
            var target = ParsePath(parse.GetValue(path)!);
            var root = ReadTopLevel(configPath) ?? throw new CliException(
                $"Config file not found: {configPath}\n" +
                "Create it with 'openclaw config set <path> <value>', or point OPENCLAW_CONFIG_PATH at your file.");
            if (!ConfigTree.TryGet(root, target, out var value))
            {
                RefuseIncluded(root, target, configPath, "get");
                throw new CliException($"Config path not found: {target}");
            }

            if (!parse.GetValue(showSecrets))
            {
                // Everything under env is a secret, and so is any string holding a secret value of the file.
                var underEnv = target.Segments[0].Key == "env";
                value = target.Segments[^1] is { IsIndex: false } last && ConfigRedaction.IsSecretKey(last.Key!) && value is JsonValue
                    ? JsonValue.Create(ConfigRedaction.Redacted)
                    : ConfigRedaction.Redact(value, secrets: ConfigSecrets.None.With(root), secret: underEnv);
            }

            var raw = !parse.GetValue(context.Json) && value is JsonValue v && v.TryGetValue(out string? text) ? text : null;
            context.Output.WriteLine(raw ?? ConfigFileWriter.Serialize(value));
            return 0;
        });
        return command;
    }
}

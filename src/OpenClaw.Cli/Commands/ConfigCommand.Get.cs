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
                // The secret places of the whole-file view: a path at or under env, headers or a secret key is hidden
                // whole, whatever its type; elsewhere secret keys, env-built strings and strings holding a secret value.
                var secret = ConfigRedaction.IsSecretPath([.. target.Segments.Select(s => s.Key)], value);
                value = ConfigRedaction.Redact(value, secrets: ConfigSecrets.None.With(root), secret: secret);
            }

            var raw = !parse.GetValue(context.Json) && value is JsonValue v && v.TryGetValue(out string? text) ? text : null;
            context.Output.WriteLine(raw ?? ConfigFileWriter.Serialize(value));
            return 0;
        });
        return command;
    }
}

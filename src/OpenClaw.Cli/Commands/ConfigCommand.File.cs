using System.CommandLine;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli.Commands;

internal static partial class ConfigCommand
{
    private static Command CreateFile(CliContext context)
    {
        var command = new Command(
            "file",
            "Print the config file path (OPENCLAW_CONFIG_PATH, else <state dir>/openclaw.json; honours OPENCLAW_STATE_DIR, --profile, --dev)");
        command.SetAction(parse =>
        {
            var configPath = context.Paths(parse).ConfigPath;
            context.Output.WriteLine(parse.GetValue(context.Json)
                ? ConfigFileWriter.Serialize(new JsonObject { ["path"] = configPath, ["exists"] = File.Exists(configPath) })
                : configPath);
            return 0;
        });
        return command;
    }

    private static Command CreateValidate(CliContext context)
    {
        var command = new Command(
            "validate",
            "Load the config as the gateway does ($include, env block, .env, ${VAR}, schema) and report every issue; exit 1 if invalid");
        command.SetAction(parse =>
        {
            var paths = context.Paths(parse);
            var result = ConfigValidator.Validate(paths, context.Environment);
            if (parse.GetValue(context.Json))
            {
                context.Output.WriteLine(ConfigFileWriter.Serialize(new JsonObject
                {
                    ["path"] = result.Path,
                    ["valid"] = result.Valid,
                    ["issues"] = new JsonArray([.. result.Issues.Select(i => (JsonNode?)i)]),
                    ["warnings"] = new JsonArray([.. result.Warnings.Select(w => (JsonNode?)w)]),
                }));
                return result.Valid ? 0 : 1;
            }

            var writer = result.Valid ? context.Output : context.Error;
            if (result.Valid)
            {
                writer.WriteLine($"Config valid: {result.Path}" + (File.Exists(result.Path) ? "" : " (no file yet; the defaults apply)"));
            }
            else
            {
                writer.WriteLine($"Config invalid: {result.Path}");
                foreach (var issue in result.Issues)
                {
                    writer.WriteLine($"- {issue}");
                }

                writer.WriteLine("Fix these in the file or with 'openclaw config set/unset'; until then the gateway refuses to start, and a running one keeps its last good config.");
            }

            foreach (var warning in result.Warnings)
            {
                writer.WriteLine($"Warning: {warning}");
            }

            return result.Valid ? 0 : 1;
        });
        return command;
    }
}

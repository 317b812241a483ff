using System.CommandLine;
using OpenClaw.Cli.Commands;

namespace OpenClaw.Cli;

/// <summary>Builds the command tree and maps outcomes to exit codes: 0 ok, 1 failure, 2 usage error.</summary>
internal static class OpenClawCli
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("OpenClaw gateway for .NET")
        {
            GatewayCommand.Create(),
        };
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            return 2;
        }

        return await parseResult.InvokeAsync(cancellationToken: cancellationToken);
    }
}

using System.CommandLine;
using OpenClaw.Cli.Commands;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli;

/// <summary>Builds the command tree and maps outcomes to exit codes: 0 ok, 1 failure, 2 usage error.</summary>
internal static class OpenClawCli
{
    public static async Task<int> RunAsync(
        string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default, IProcessEnvironment? environment = null)
    {
        var outputIsTerminal = output is null && !Console.IsOutputRedirected;
        var errorIsTerminal = error is null && !Console.IsErrorRedirected;
        output ??= Console.Out;
        error ??= Console.Error;
        var context = new CliContext(output, error, environment ?? ProcessEnvironment.Instance, outputIsTerminal, errorIsTerminal);
        var root = new RootCommand("OpenClaw gateway for .NET")
        {
            context.Profile,
            context.Dev,
            context.Json,
            GatewayCommand.Create(context),
            AgentCommand.Create(context),
            HealthCommand.Create(context),
            StatusCommand.Create(context),
            SessionsCommand.Create(context),
            ConfigCommand.Create(context),
        };
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'openclaw --help' for usage.");
            return 2;
        }

        // The gateway host handles SIGINT/SIGTERM itself (graceful drain), so System.CommandLine must not cut it short;
        // every other command gets Ctrl-C as cancellation (an agent run is aborted and its partial answer kept).
        var runsGateway = parseResult.CommandResult.Command is { Name: "run" or "gateway" } command
            && (command.Name == "gateway" || command.Parents.OfType<Command>().Any(p => p.Name == "gateway"));
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = runsGateway ? null : TimeSpan.FromSeconds(5),
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ex.ExitCode;
        }
        catch (ConfigException ex)
        {
            await error.WriteLineAsync($"openclaw: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("openclaw: cancelled");
            return 1;
        }
        catch (Exception ex)
        {
            // A defect, not a user error: one line, no stack trace (OPENCLAW_DEBUG=1 shows it).
            await error.WriteLineAsync($"openclaw: unexpected error: {ex.Message}");
            if (context.Environment.Get("OPENCLAW_DEBUG") == "1")
            {
                await error.WriteLineAsync(ex.ToString());
            }

            return 1;
        }
    }
}

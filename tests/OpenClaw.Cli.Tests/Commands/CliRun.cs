using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>One in-process <c>openclaw</c> invocation with its own environment: exit code, stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OpenClawCli.RunAsync(args, output, error, CancellationToken.None, new MapEnvironment(environment));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Environment variables from a dictionary (the test's), instead of the process's.</summary>
    private sealed class MapEnvironment(IReadOnlyDictionary<string, string> values) : IProcessEnvironment
    {
        private readonly Dictionary<string, string> _values = new(values);

        public string? Get(string name) => _values.GetValueOrDefault(name);

        public void Set(string name, string value) => _values[name] = value;
    }
}

using System.CommandLine;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli;

/// <summary>
/// What every command gets: where to write, the environment to read (the process's, or a test's), and the global
/// options (<c>--profile</c>, <c>--dev</c>, <c>--json</c>; agent-runtime.md §8.1).
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, IProcessEnvironment environment, bool outputIsTerminal = false, bool errorIsTerminal = false)
{
    /// <summary>True when stdout is an interactive terminal: answers stream as they arrive.</summary>
    public bool OutputIsTerminal { get; } = outputIsTerminal;

    /// <summary>True when stderr is an interactive terminal: progress (a spinner) may be drawn there.</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    /// <summary>State isolation: <c>~/.openclaw-&lt;name&gt;</c> (ignored when OPENCLAW_STATE_DIR is set).</summary>
    public Option<string?> Profile { get; } = CreateProfile();

    /// <summary>Shorthand for the <c>dev</c> state directory (<c>~/.openclaw-dev</c>).</summary>
    public Option<bool> Dev { get; } = new("--dev") { Description = "Use the dev profile (state in ~/.openclaw-dev)", Recursive = true };

    /// <summary>Machine-readable output: stable JSON on stdout, nothing else.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (for scripts)", Recursive = true };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public IProcessEnvironment Environment { get; } = environment;

    private static Option<string?> CreateProfile()
    {
        var profile = new Option<string?>("--profile") { Description = "Use a named profile (state in ~/.openclaw-<name>)", Recursive = true };
        profile.Validators.Add(result =>
        {
            // The name becomes part of a directory name: letters, digits, '-' and '_' only.
            if (result.GetValueOrDefault<string?>() is { } name && (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                result.AddError("--profile must be a name of letters, digits, '-' or '_' (it names ~/.openclaw-<name>)");
            }
        });
        return profile;
    }

    /// <summary>The gateway port when neither OPENCLAW_GATEWAY_PORT nor gateway.port names one: 19001 with --dev (§2.1).</summary>
    public static int DefaultPort(bool dev) => dev ? 19001 : 18789;

    /// <summary>The state directory and config file for this invocation (environment, then profile flags).</summary>
    public OpenClawPaths Paths(ParseResult parse) => OpenClawPaths.Resolve(Environment.Get, parse.GetValue(Profile), parse.GetValue(Dev));

    /// <summary>Loads the config file of <see cref="Paths"/>; a missing file is the empty config.</summary>
    public ConfigSnapshot LoadConfig(ParseResult parse) => ConfigLoader.Load(Paths(parse), environment: Environment);
}

/// <summary>A failure the user can act on: printed as one line (plus hints) with exit code 1, or 2 for usage.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

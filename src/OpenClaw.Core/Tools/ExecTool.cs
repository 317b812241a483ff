using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tools;

/// <summary>
/// <c>exec</c>: one shell command in the workspace, waited for, stdin closed, the last 50 KB of combined stdout and
/// stderr kept; on timeout or cancellation the whole process tree is killed (agent-runtime.md §5.7, §6.5).
/// </summary>
/// <param name="defaultTimeoutSeconds"><c>tools.exec.timeoutSeconds</c>, used when the call gives none.</param>
/// <param name="environment">
/// What the command gets of the gateway's environment (never its secrets); null: the built-in allow-list, with the
/// secrets of an empty config and the process environment.
/// </param>
internal sealed class ExecTool(int defaultTimeoutSeconds, ExecEnvironment? environment = null) : AgentToolBase
{
    public const int MaxOutputBytes = 50 * 1024;

    /// <summary>The longest timeout a call may ask for; the run's own timeout normally ends it sooner.</summary>
    public const double MaxTimeoutSeconds = 86_400;

    /// <summary>
    /// How long output is still read after the shell has exited: a background child that inherited the pipes keeps
    /// them open, and the call must not wait for it.
    /// </summary>
    private static readonly TimeSpan ReadGrace = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether <c>/usr/bin/env --default-signal=PIPE</c> works here (GNU coreutils 8.31+). The .NET runtime ignores
    /// SIGPIPE, an ignored signal stays ignored across exec, and POSIX shells cannot trap it back, so without this
    /// <c>yes | head</c> prints "Broken pipe" instead of ending quietly as under the original (libuv resets signals
    /// in the children it spawns).
    /// </summary>
    internal static readonly Lazy<bool> RestoresSigpipe = new(ProbeSigpipeReset);

    private const string Env = "/usr/bin/env";

    /// <summary>
    /// util-linux <c>setsid</c>: the command runs as the leader of its own session and process group, so killing the
    /// group also reaches children that were re-parented (<c>cmd &amp;</c>, <c>nohup</c>), which a walk of the
    /// process tree misses. The started process is not a group leader, so setsid execs in place (same PID).
    /// </summary>
    private const string Setsid = "/usr/bin/setsid";

    internal static readonly Lazy<bool> UsesProcessGroup = new(() => !OperatingSystem.IsWindows() && File.Exists(Setsid));

    private static readonly string[] Unsupported = ["background", "pty", "elevated", "host", "yieldMs"];

    private static readonly JsonElement Schema = ParseSchema("""
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "Shell command." },
            "workdir": { "type": "string", "description": "Omit/empty string: default; whitespace-only invalid." },
            "env": {
              "type": "object",
              "additionalProperties": { "type": "string" },
              "description": "Literal overrides; no expansion. Omit to inherit."
            },
            "timeoutSeconds": { "type": "number", "description": "Process lifetime in seconds." }
          },
          "required": ["command"]
        }
        """);

    public override string Name => "exec";

    public override string Description => OperatingSystem.IsWindows()
        ? "Run a command with cmd /c and wait for completion. Stdin is closed; no TTY, no background."
        : "Run shell and wait for completion. Stdin is closed; no TTY, no background. Quote arguments containing shell metacharacters, including URL query strings with `?` or `&`.";

    public override JsonElement ParametersSchema => Schema;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        foreach (var name in Unsupported)
        {
            if (arguments.Get(name) is { ValueKind: not JsonValueKind.False })
            {
                return Failed(
                    $"exec does not support '{name}' in this gateway: commands run in the foreground, without a TTY, on the gateway host.",
                    ToolErrorKind.InvalidArguments);
            }
        }

        var command = arguments.RequiredString("command");
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new ToolArgumentException("'command' must not be empty");
        }

        if (command.Contains('\0', StringComparison.Ordinal))
        {
            throw new ToolArgumentException("'command' must not contain NUL characters");
        }

        var workdirArgument = arguments.OptionalString("workdir");
        if (workdirArgument is { Length: > 0 } && string.IsNullOrWhiteSpace(workdirArgument))
        {
            throw new ToolArgumentException("'workdir' must not be whitespace");
        }

        var env = arguments.OptionalStringMap("env") ?? [];
        foreach (var (name, value) in env)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ToolArgumentException($"'env' has an invalid variable: {JsonQuote.Quote(name)} (names must be non-empty without '=', and no NUL anywhere)");
            }
        }

        var timeoutSeconds = Math.Min(arguments.OptionalPositiveNumber("timeoutSeconds") ?? defaultTimeoutSeconds, MaxTimeoutSeconds);

        // The working directory is confined whatever FsWorkspaceOnly says (agent-runtime.md §5.7).
        var workdir = WorkspacePath.Resolve(context.WorkspaceDir, workdirArgument is { Length: > 0 } ? workdirArgument : ".", workspaceOnly: true).FullPath;
        if (!Directory.Exists(workdir))
        {
            return Failed($"workdir does not exist or is not a directory: {workdirArgument ?? context.WorkspaceDir}");
        }

        var inherited = environment ?? ExecEnvironment.For(new OpenClawConfig(), ProcessEnvironment.Instance);
        return await RunProcessAsync(StartInfo(command, workdir, inherited, env), timeoutSeconds, cancellationToken).ConfigureAwait(false);
    }

    private static ProcessStartInfo StartInfo(string command, string workdir, ExecEnvironment inherited, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workdir,
        };
        if (OperatingSystem.IsWindows())
        {
            startInfo.FileName = Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe";
            startInfo.Arguments = $"/d /s /c \"{command}\"";
        }
        else
        {
            var program = new List<string>();
            if (UsesProcessGroup.Value)
            {
                program.Add(Setsid);
            }

            if (RestoresSigpipe.Value)
            {
                program.AddRange([Env, "--default-signal=PIPE"]);
            }

            program.Add("/bin/sh");
            startInfo.FileName = program[0];
            foreach (var argument in program.Skip(1))
            {
                startInfo.ArgumentList.Add(argument);
            }

            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(command);
        }

        // Built from nothing: the gateway's environment holds provider keys and its own token. The call's own `env`
        // comes on top; those values are the model's, not the gateway's.
        inherited.Apply(startInfo.Environment);
        foreach (var (name, value) in env)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private static async Task<ToolResult> RunProcessAsync(ProcessStartInfo startInfo, double timeoutSeconds, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return Failed($"Failed to start command: {ex.Message}");
        }

        var output = new OutputTail(MaxOutputBytes);
        using var stopReading = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, output, stopReading.Token),
            PumpAsync(process.StandardError.BaseStream, output, stopReading.Token));
        CloseQuietly(process.StandardInput);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var exited = true;
        try
        {
            await process.WaitForExitAsync(waiting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            exited = false;
            await KillTreeAsync(process).ConfigureAwait(false);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
        }
        else
        {
            stopReading.CancelAfter(ReadGrace);
        }

        try
        {
            await pumps.WaitAsync(ReadGrace + KillWait, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A pipe read that ignores cancellation ends when the process object is disposed below.
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Background children the command left behind (`cmd &`) end with it: exec has no background mode (§5.7).
        await KillGroupAsync(process.Id).ConfigureAwait(false);
        var (text, truncated) = output.Read();
        if (truncated)
        {
            text = $"[output truncated: only the last {MaxOutputBytes / 1024} KB are kept]\n{text}";
        }

        return exited
            ? new ToolResult(Append(text, $"[exit code: {process.ExitCode}]"))
            : Failed(Append(text, $"[timed out after {ToolArguments.Format(timeoutSeconds)}s]"));
    }

    private static bool ProbeSigpipeReset()
    {
        if (OperatingSystem.IsWindows() || !File.Exists(Env))
        {
            return false;
        }

        try
        {
            var startInfo = new ProcessStartInfo(Env) { UseShellExecute = false, RedirectStandardError = true };
            startInfo.ArgumentList.Add("--default-signal=PIPE");
            startInfo.ArgumentList.Add("true");
            using var probe = Process.Start(startInfo)!;
            probe.StandardError.ReadToEnd();
            return probe.WaitForExit(5_000) && probe.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    private static string Append(string output, string marker) => output.Length == 0 ? marker : $"{output}\n\n{marker}";

    private static async Task KillTreeAsync(Process process)
    {
        await KillGroupAsync(process.Id).ConfigureAwait(false);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited, or a member of the tree vanished while it was being killed.
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(KillWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // SIGKILL cannot be refused; a process stuck in the kernel is reaped later.
        }
    }

    /// <summary>SIGKILL to the command's process group (see <see cref="Setsid"/>); nothing when groups are not in use.</summary>
    private static async Task KillGroupAsync(int groupId)
    {
        if (!UsesProcessGroup.Value)
        {
            return;
        }

        try
        {
            // The shell's builtin kill: /bin/kill (procps) is not on every system; a negative id names the group.
            var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("kill -KILL -" + groupId.ToString(System.Globalization.CultureInfo.InvariantCulture) + " 2>/dev/null");
            using var kill = Process.Start(startInfo)!;
            await kill.WaitForExitAsync().WaitAsync(KillWait).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Win32Exception or TimeoutException or InvalidOperationException)
        {
            // No group left to kill, or kill itself failed: the process-tree kill still applies.
        }
    }

    /// <summary>Copies one pipe into the tail, holding back an incomplete UTF-8 sequence until its rest arrives.</summary>
    private static async Task PumpAsync(Stream stream, OutputTail output, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var carry = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(carry), cancellationToken).ConfigureAwait(false)) > 0)
            {
                var total = carry + read;
                var complete = OutputTail.CompleteUtf8Length(buffer.AsSpan(0, total));
                output.Append(buffer.AsSpan(0, complete));
                carry = total - complete;
                buffer.AsSpan(complete, carry).CopyTo(buffer);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Reading stops when the pipe closes, breaks or is abandoned after the grace period.
        }
        finally
        {
            output.Append(buffer.AsSpan(0, carry));
        }
    }

    private static void CloseQuietly(StreamWriter stdin)
    {
        try
        {
            stdin.Close();
        }
        catch (IOException)
        {
            // The child may already be gone; its stdin is closed either way.
        }
    }
}

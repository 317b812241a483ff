using System.Diagnostics;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Tools;

public sealed class ExecToolTests : IDisposable
{
    private static readonly TimeSpan PidWait = TimeSpan.FromSeconds(10);

    /// <summary>Variables the shell sets itself in the environment it hands <c>env</c>.</summary>
    private static readonly string[] ShellSets = ["PWD", "OLDPWD", "SHLVL", "_"];

    private readonly ToolWorkspace _ws = new();
    private readonly ExecTool _exec = new(defaultTimeoutSeconds: 30);

    public void Dispose() => _ws.Dispose();

    private Task<ToolResult> ExecAsync(string command, CancellationToken cancellationToken = default) =>
        _ws.RunAsync(_exec, Args.Of(("command", command)), cancellationToken);

    /// <summary>
    /// The exec shell starts a child shell that starts a sleeping grandchild, and both write their pids. The trailing
    /// command keeps the exec shell from exec-ing into the child, so the tree really has three levels.
    /// </summary>
    private const string ProcessTree = "sh -c 'sleep 300 & echo $! > grandchild.pid; echo $$ > child.pid; wait'; echo unreachable";

    [UnixFact]
    public async Task Execute_Command_ReturnsOutputAndExitCode()
    {
        // Act
        var result = await ExecAsync("echo hello");

        // Assert
        result.Should().Be(new ToolResult("hello\n\n\n[exit code: 0]"));
    }

    [UnixFact]
    public async Task Execute_NonZeroExit_IsAResultNotAnError()
    {
        var result = await ExecAsync("echo oops >&2; exit 3");

        result.Should().Be(new ToolResult("oops\n\n\n[exit code: 3]"));
    }

    [UnixFact]
    public async Task Execute_NoOutput_IsJustTheExitCode()
    {
        var result = await ExecAsync("true");

        result.Should().Be(new ToolResult("[exit code: 0]"));
    }

    [UnixFact]
    public async Task Execute_StdoutAndStderr_AreCombinedInOrder()
    {
        var result = await ExecAsync("echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three");

        result.Text.Should().Be("one\ntwo\nthree\n\n\n[exit code: 0]");
    }

    [UnixFact]
    public async Task Execute_MultibyteOutput_IsDecodedAsUtf8()
    {
        var result = await ExecAsync("printf 'h\\303\\251llo \\342\\202\\254'");

        result.Text.Should().Be("héllo €\n\n[exit code: 0]");
    }

    [UnixFact]
    public async Task Execute_Env_OverridesAndInherits()
    {
        // Arrange
        var env = new Dictionary<string, string> { ["GREETING"] = "hi $there", ["HOME"] = "/nowhere" };

        // Act
        var result = await _ws.RunAsync(_exec, Args.Of(("command", "printf '%s|%s|%s' \"$GREETING\" \"$HOME\" \"${PATH:+set}\""), ("env", env)));

        // Assert
        result.Text.Should().Be("hi $there|/nowhere|set\n\n[exit code: 0]");
    }

    [UnixFact]
    public async Task Execute_Workdir_RunsThereAndDefaultsToTheWorkspace()
    {
        Directory.CreateDirectory(_ws.PathOf("sub/dir"));

        var inSub = await _ws.RunAsync(_exec, Args.Of(("command", "pwd"), ("workdir", "sub/dir")));
        var inRoot = await _ws.RunAsync(_exec, Args.Of(("command", "pwd"), ("workdir", "")));

        inSub.Text.Should().Be(_ws.PathOf("sub/dir") + "\n\n\n[exit code: 0]");
        inRoot.Text.Should().Be(_ws.Root + "\n\n\n[exit code: 0]");
    }

    [UnixFact]
    public async Task Execute_WorkdirOutsideOrMissing_IsAnError()
    {
        var outside = await _ws.RunAsync(_exec, Args.Of(("command", "pwd"), ("workdir", "../outside")));
        var absolute = await _ws.RunAsync(_exec, Args.Of(("command", "pwd"), ("workdir", _ws.Outside)));
        var missing = await _ws.RunAsync(_exec, Args.Of(("command", "pwd"), ("workdir", "nope")));

        outside.Should().Be(new ToolResult($"Path escapes workspace root ({_ws.Root}): ../outside", IsError: true) { ErrorKind = ToolErrorKind.OutsideWorkspace });
        absolute.Should().Be(new ToolResult($"Path escapes workspace root ({_ws.Root}): {_ws.Outside}", IsError: true) { ErrorKind = ToolErrorKind.OutsideWorkspace });
        missing.Should().Be(new ToolResult("workdir does not exist or is not a directory: nope", IsError: true));
    }

    [SymlinkFact]
    public async Task Execute_WorkdirThroughASymlinkOutside_IsAnError()
    {
        Directory.CreateSymbolicLink(_ws.PathOf("out"), _ws.Outside);

        var result = await _ws.RunAsync(_exec, Args.Of(("command", "pwd"), ("workdir", "out")));

        result.Should().Be(new ToolResult($"Symlink escapes workspace root ({_ws.Root}): out", IsError: true) { ErrorKind = ToolErrorKind.OutsideWorkspace });
    }

    [UnixFact]
    public async Task Execute_WorkdirOutside_IsRejectedEvenWhenFileToolsAreNotConfined()
    {
        // FsWorkspaceOnly is a file-tool switch; exec has no host settings and always stays in the workspace.
        var result = await _ws.RunAsync(_exec, Args.Of(("command", "pwd"), ("workdir", "..")));

        result.IsError.Should().BeTrue();
    }

    [UnixFact]
    public async Task Execute_Stdin_IsClosed()
    {
        var result = await _ws.RunAsync(_exec, Args.Of(("command", "cat; echo done"), ("timeoutSeconds", 10)));

        result.Should().Be(new ToolResult("done\n\n\n[exit code: 0]"));
    }

    [UnixFact]
    public async Task Execute_WriterToAClosedPipe_EndsQuietlyAsUnderADefaultSigpipe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the reset needs GNU env; elsewhere "Broken pipe" may show
        }

        var result = await ExecAsync("yes | head -n 2");

        ExecTool.RestoresSigpipe.Value.Should().BeTrue();
        result.Text.Should().Be("y\ny\n\n\n[exit code: 0]");
    }

    [UnixFact]
    public async Task Execute_OutputOver50KB_KeepsTheLast50KB()
    {
        // Act: 20 000 lines of 11 bytes = 220 000 bytes, then a marker.
        var result = await ExecAsync("yes 0123456789 | head -n 20000; echo END");

        // Assert
        const string Notice = "[output truncated: only the last 50 KB are kept]\n";
        const string Tail = "END\n\n\n[exit code: 0]";
        result.Text.Should().StartWith(Notice).And.EndWith("0123456789\n" + Tail);
        result.Text.Length.Should().Be(Notice.Length + ExecTool.MaxOutputBytes + "\n\n[exit code: 0]".Length);
    }

    [UnixFact]
    public async Task Execute_BothPipesFull_DoesNotDeadlock()
    {
        var result = await _ws.RunAsync(
            _exec,
            Args.Of(("command", "head -c 1000000 /dev/zero | tr '\\0' a; head -c 1000000 /dev/zero | tr '\\0' b >&2; echo fin"), ("timeoutSeconds", 30)));

        // stdout and stderr are two pipes read side by side: "fin" (stdout) may be read before the last of the b's
        // (stderr), and up to a pipe's worth of them may then push it out of the kept 50 KB. What must hold: the
        // command ran to its end with both pipes drained.
        result.Text.Should().EndWith("\n[exit code: 0]").And.Contain(new string('b', 4096));
    }

    [UnixFact]
    public async Task Execute_BackgroundChildHoldingThePipes_DoesNotHoldTheCall()
    {
        // Arrange
        var stopwatch = Stopwatch.StartNew();

        // Act
        var result = await ExecAsync("sleep 30 & echo $! > bg.pid; echo started");

        // Assert
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        result.Text.Should().Be("started\n\n\n[exit code: 0]");
        var background = await ProcessProbe.ReadPidAsync(_ws.PathOf("bg.pid"), PidWait);
        (await ProcessProbe.AllGoneAsync([background], TimeSpan.FromSeconds(5))).Should().BeTrue("exec has no background mode: what the command left running ends with it");
    }

    [UnixFact]
    public async Task Execute_ReparentedChild_IsKilledOnTimeoutToo()
    {
        // Arrange: a subshell starts a sleeper and exits at once, so the sleeper is re-parented out of the tree.
        var command = "(sleep 300 & echo $! > orphan.pid); sleep 30";

        // Act
        var result = await _ws.RunAsync(_exec, Args.Of(("command", command), ("timeoutSeconds", 1)));

        // Assert
        result.IsError.Should().BeTrue();
        var orphan = await ProcessProbe.ReadPidAsync(_ws.PathOf("orphan.pid"), PidWait);
        (await ProcessProbe.AllGoneAsync([orphan], TimeSpan.FromSeconds(5))).Should().BeTrue("the whole process group is killed, not only the tree");
    }

    [UnixFact]
    public async Task Execute_Timeout_KillsTheWholeTreeAndReportsIt()
    {
        // Arrange
        var stopwatch = Stopwatch.StartNew();

        // Act
        var result = await _ws.RunAsync(_exec, Args.Of(("command", "echo begun; " + ProcessTree), ("timeoutSeconds", 1.5)));

        // Assert
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        result.Should().Be(new ToolResult("begun\n\n\n[timed out after 1.5s]", IsError: true));
        var pids = new[]
        {
            await ProcessProbe.ReadPidAsync(_ws.PathOf("child.pid"), PidWait),
            await ProcessProbe.ReadPidAsync(_ws.PathOf("grandchild.pid"), PidWait),
        };
        (await ProcessProbe.AllGoneAsync(pids, TimeSpan.FromSeconds(5))).Should().BeTrue("the child and the grandchild must be killed");
    }

    [UnixFact]
    public async Task Execute_TheGatewaysEnvironment_IsNotInherited_OnlyTheAllowList()
    {
        // Arrange: a variable of the real process, as the config's env block or a .env file would set it.
        using var variables = new ProcessVariables();
        var name = ProcessVariables.UniqueName("OPENCLAW_TEST_UNLISTED");
        variables.Set(name, "unlisted-value-0123");

        // Act
        var result = await ExecAsync("env");

        // Assert
        result.Text.Should().NotContain(name).And.NotContain("unlisted-value-0123");
        var lines = result.Text.Split('\n');
        lines.Should().Contain("PATH=" + Environment.GetEnvironmentVariable("PATH"));
        var names = lines.Where(line => line.Contains('=', StringComparison.Ordinal)).Select(line => line[..line.IndexOf('=', StringComparison.Ordinal)]);
        names.Should().OnlyContain(n => ExecEnvironment.DefaultNames.Any(pattern => ExecEnvironment.Matches(pattern, n)) || ShellSets.Contains(n));
    }

    [UnixFact]
    public async Task Execute_DefaultTimeout_ComesFromTheConfig()
    {
        var exec = new ExecTool(defaultTimeoutSeconds: 1);

        var result = await _ws.RunAsync(exec, Args.Of(("command", "sleep 30")));

        result.Should().Be(new ToolResult("[timed out after 1s]", IsError: true));
    }

    [UnixFact]
    public async Task Execute_Cancellation_KillsTheWholeTreeThenThrows()
    {
        // Arrange
        using var cts = new CancellationTokenSource();
        var call = ExecAsync(ProcessTree, cts.Token);
        var pids = new[]
        {
            await ProcessProbe.ReadPidAsync(_ws.PathOf("child.pid"), PidWait),
            await ProcessProbe.ReadPidAsync(_ws.PathOf("grandchild.pid"), PidWait),
        };
        pids.Should().OnlyContain(pid => ProcessProbe.IsAlive(pid));

        // Act
        await cts.CancelAsync();
        var act = () => call;

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        (await ProcessProbe.AllGoneAsync(pids, TimeSpan.FromSeconds(2))).Should().BeTrue("the child and the grandchild must be killed");
    }

    [Theory]
    [InlineData("""{"command":"echo x","background":true}""", "background")]
    [InlineData("""{"command":"echo x","pty":true}""", "pty")]
    [InlineData("""{"command":"echo x","elevated":true}""", "elevated")]
    [InlineData("""{"command":"echo x","host":"gateway"}""", "host")]
    [InlineData("""{"command":"echo x","yieldMs":1000}""", "yieldMs")]
    public async Task Execute_UnsupportedOptions_AreRejected(string arguments, string option)
    {
        var result = await _ws.RunAsync(_exec, arguments);

        result.Should().Be(new ToolResult(
            $"exec does not support '{option}' in this gateway: commands run in the foreground, without a TTY, on the gateway host.", IsError: true)
        {
            ErrorKind = ToolErrorKind.InvalidArguments,
        });
        File.Exists(_ws.PathOf("x")).Should().BeFalse();
    }

    [UnixFact]
    public async Task Execute_UnsupportedOptionsSetToFalseOrNull_AreIgnored()
    {
        var result = await _ws.RunAsync(_exec, """{"command":"echo ok","background":false,"pty":false,"elevated":null,"host":null,"title":"demo"}""");

        result.Text.Should().Be("ok\n\n\n[exit code: 0]");
    }

    [Theory]
    [InlineData("""{}""", "missing required parameter 'command'")]
    [InlineData("""{"command":5}""", "'command' must be a string, received number")]
    [InlineData("""{"command":" "}""", "'command' must not be empty")]
    [InlineData("""{"command":"ls","workdir":"  "}""", "'workdir' must not be whitespace")]
    [InlineData("""{"command":"ls","env":["A=1"]}""", "'env' must be an object of strings, received array")]
    [InlineData("""{"command":"ls","env":{"A":1}}""", "'env.A' must be a string, received number")]
    [InlineData("""{"command":"ls","env":{"A=B":"1"}}""", "'env' has an invalid variable: \"A=B\" (names must be non-empty without '=', and no NUL anywhere)")]
    [InlineData("""{"command":"ls","env":{"":"1"}}""", "'env' has an invalid variable: \"\" (names must be non-empty without '=', and no NUL anywhere)")]
    [InlineData("""{"command":"ls\u0000rm"}""", "'command' must not contain NUL characters")]
    [InlineData("""{"command":"ls","timeoutSeconds":0}""", "'timeoutSeconds' must be a number > 0, received 0")]
    [InlineData("""{"command":"ls","timeoutSeconds":"5"}""", "'timeoutSeconds' must be a number > 0, received string")]
    [InlineData("""{"command":"ls","timeoutSeconds":-1e999}""", "'timeoutSeconds' must be a number > 0, received -1e999")]
    public async Task Execute_InvalidArguments_AreAnErrorResult(string arguments, string reason)
    {
        var result = await _ws.RunAsync(_exec, arguments);

        result.Should().Be(new ToolResult("Invalid arguments for exec: " + reason, IsError: true) { ErrorKind = ToolErrorKind.InvalidArguments });
    }
}

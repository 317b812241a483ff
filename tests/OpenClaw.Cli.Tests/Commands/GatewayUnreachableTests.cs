using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>What the CLI does when no gateway answers: status says so, agent falls back to the embedded pipeline.</summary>
public sealed class GatewayUnreachableTests : IDisposable
{
    private readonly TempStateDir _state = new("{ gateway: { auth: { token: 'offline-token-0123456789' } } }");
    private readonly int _deadPort = DeadPort();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Status_NoGateway_SaysHowToStartIt_Exit1()
    {
        var run = await CliRun.InvokeAsync(Environment(), "status");

        run.ExitCode.Should().Be(1);
        run.Output.Should().Be($"Gateway: not reachable at ws://127.0.0.1:{_deadPort}/ (connection refused)\nStart it with `openclaw gateway run`.\n");
    }

    [Fact]
    public async Task Agent_NoGateway_RunsLocally_InTheSameStore()
    {
        var run = await CliRun.InvokeAsync(Environment(), "agent", "--agent", "main", "-m", "no gateway here");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Be("echo: no gateway here\n");
        run.Error.Should().Contain($"gateway not reachable at ws://127.0.0.1:{_deadPort}/ (connection refused); running the agent locally");
        File.Exists(Path.Combine(_state.Path, "openclaw-dotnet.sqlite")).Should().BeTrue();
    }

    [Fact]
    public async Task Agent_ExplicitUrlUnreachable_FailsWithWhatToDo()
    {
        var run = await CliRun.InvokeAsync(Environment(), "agent", "--agent", "main", "-m", "x", "--url", $"ws://127.0.0.1:{_deadPort}", "--token", "t-0123456789");

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().Be($"gateway not reachable at ws://127.0.0.1:{_deadPort}/ (connection refused); start it with `openclaw gateway run` or pass --local");
    }

    [Fact]
    public async Task Agent_Local_RunsInProcess_AndContinuesTheSession()
    {
        var first = await CliRun.InvokeAsync(Environment(), "agent", "--local", "--session-key", "work", "-m", "first", "--json");
        var second = await CliRun.InvokeAsync(Environment(), "agent", "--local", "--session-key", "work", "-m", "second", "--json");

        first.ExitCode.Should().Be(0, first.Error);
        first.Error.Should().BeEmpty("--local does not try the gateway");
        using var a = JsonDocument.Parse(first.Output);
        using var b = JsonDocument.Parse(second.Output);
        a.RootElement.GetProperty("result").GetProperty("payloads")[0].GetProperty("text").GetString().Should().Be("echo: first");
        Id(b).Should().Be(Id(a));
    }

    [Fact]
    public async Task GatewayCall_NoGateway_Exit1_WithHint()
    {
        var run = await CliRun.InvokeAsync(Environment(), "gateway", "call", "health");

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().Be($"Gateway call failed: gateway not reachable at ws://127.0.0.1:{_deadPort}/ (connection refused); start it with `openclaw gateway run`");
    }

    [Theory]
    [InlineData("--dev", ".openclaw-dev")]
    [InlineData("--profile=work", ".openclaw-work")]
    public async Task ProfileFlags_IsolateTheState(string flag, string directory)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = _state.Path, ["OPENCLAW_GATEWAY_PORT"] = _deadPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        var run = await CliRun.InvokeAsync(environment, "agent", flag, "--local", "--agent", "main", "-m", "isolated");

        run.ExitCode.Should().Be(0, run.Error);
        File.Exists(Path.Combine(_state.Path, directory, "openclaw-dotnet.sqlite")).Should().BeTrue();
    }

    [Fact]
    public async Task Dev_DefaultsToPort19001()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = _state.Path };

        var run = await CliRun.InvokeAsync(environment, "--dev", "status");

        run.Output.Should().StartWith("Gateway: ").And.Contain("ws://127.0.0.1:19001/");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task SessionsImport_BlankKey_IsAUsageError_AndTouchesNothing(string key)
    {
        var file = Path.Combine(_state.Path, "spec.jsonl");
        await File.WriteAllTextAsync(file, OpenClaw.Testing.TranscriptSamples.SpecExample);

        var run = await CliRun.InvokeAsync(Environment(), "sessions", "import", file, "--key", key);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("the session key is empty");
        File.Exists(Path.Combine(_state.Path, "openclaw-dotnet.sqlite")).Should().BeFalse();
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Profile_MustBeAPlainName(string name)
    {
        var run = await CliRun.InvokeAsync(Environment(), "--profile", name, "status");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--profile must be a name of letters, digits");
    }

    private static string Id(JsonDocument final) =>
        final.RootElement.GetProperty("result").GetProperty("meta").GetProperty("agentMeta").GetProperty("sessionId").GetString()!;

    private Dictionary<string, string> Environment() => new()
    {
        ["OPENCLAW_STATE_DIR"] = _state.Path,
        ["OPENCLAW_GATEWAY_PORT"] = _deadPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["HOME"] = _state.Path,
    };

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

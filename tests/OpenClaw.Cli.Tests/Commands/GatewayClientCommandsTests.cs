using System.Text.Json;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>
/// The commands that talk to a running gateway over WebSocket (agent-runtime.md §8.3–8.5): <c>gateway call</c>,
/// <c>agent</c>, <c>health</c>, <c>status</c>, against a real <c>openclaw gateway run</c> process.
/// </summary>
public sealed class GatewayClientCommandsTests(StartedGateway gateway) : IClassFixture<StartedGateway>
{
    [Fact]
    public async Task GatewayCall_Health_PrintsTheTitleThenIndentedJson()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "gateway", "call", "health");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().StartWith("Gateway call: health\n{\n  \"ok\": true,");
        run.Output.Should().Contain("\"defaultAgentId\": \"main\"");
    }

    [Fact]
    public async Task GatewayCall_Json_PrintsOnlyTheResult_WithParams()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "gateway", "call", "sessions.preview", "--params", """{"keys":["agent:main:none"]}""", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var result = JsonDocument.Parse(run.Output);
        result.RootElement.GetProperty("previews")[0].GetProperty("status").GetString().Should().Be("missing");
    }

    [Fact]
    public async Task GatewayCall_RpcError_IsOneLineOnStderr_Exit1()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "gateway", "call", "no.such.method");

        (run.ExitCode, run.Error.Trim()).Should().Be((1, "Gateway call failed: unknown method: no.such.method"));
    }

    [Fact]
    public async Task GatewayCall_BadParams_IsAUsageError()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "gateway", "call", "health", "--params", "{nope");

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("--params is not valid JSON");
    }

    [Fact]
    public async Task GatewayCall_UrlWithoutCredentials_IsRefused()
    {
        var environment = gateway.Environment();
        environment.Remove("OPENCLAW_GATEWAY_TOKEN");

        var run = await CliRun.InvokeAsync(environment, "gateway", "call", "health", "--url", $"ws://127.0.0.1:{gateway.Port}");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("gateway url override requires explicit credentials\nFix: pass --token or --password");
    }

    [Fact]
    public async Task GatewayCall_ExplicitUrlAndToken_Works_AndAWrongTokenSaysWhy()
    {
        var environment = gateway.Environment();
        environment.Remove("OPENCLAW_GATEWAY_TOKEN");
        var url = $"ws://127.0.0.1:{gateway.Port}";

        var ok = await CliRun.InvokeAsync(environment, "gateway", "call", "status", "--url", url, "--token", StartedGateway.Token, "--json");
        var wrong = await CliRun.InvokeAsync(environment, "gateway", "call", "status", "--url", url, "--token", "wrong-token-0000000000");

        ok.ExitCode.Should().Be(0, ok.Error);
        JsonDocument.Parse(ok.Output).RootElement.GetProperty("sessions").GetProperty("count").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        wrong.ExitCode.Should().Be(1);
        wrong.Error.Should().StartWith("Gateway call failed: unauthorized: gateway token mismatch");
    }

    [Fact]
    public async Task Agent_ThroughTheGateway_PrintsTheAnswer_AndTheSessionIsTheGateways()
    {
        // Act: a fresh client state dir, so an embedded run could not have written the gateway's store
        using var clientState = new TempStateDir("{}");
        var run = await CliRun.InvokeAsync(gateway.Environment(clientState.Path), "agent", "--agent", "beta", "-m", "through the gateway");
        var history = await CliRun.InvokeAsync(gateway.Environment(), "gateway", "call", "chat.history", "--params", """{"sessionKey":"agent:beta:main"}""", "--json");

        // Assert
        (run.ExitCode, run.Output).Should().Be((0, "echo: through the gateway\n"), run.Error);
        history.Output.Should().Contain("\"content\": \"through the gateway\"");
        File.Exists(Path.Combine(clientState.Path, "openclaw-dotnet.sqlite")).Should().BeFalse();
    }

    [Fact]
    public async Task Agent_Json_PrintsTheFinalPayload_AndLevelsArePersisted()
    {
        var run = await CliRun.InvokeAsync(
            gateway.Environment(), "agent", "--session-key", "agent:main:cli-json", "-m", "as json", "--thinking", "low", "--verbose", "full", "--json");
        var list = await CliRun.InvokeAsync(gateway.Environment(), "gateway", "call", "sessions.list", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var final = JsonDocument.Parse(run.Output);
        final.RootElement.GetProperty("status").GetString().Should().Be("ok");
        final.RootElement.GetProperty("result").GetProperty("payloads")[0].GetProperty("text").GetString().Should().Be("echo: as json");
        var row = JsonDocument.Parse(list.Output).RootElement.GetProperty("sessions").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "agent:main:cli-json");
        (row.GetProperty("thinkingLevel").GetString(), row.GetProperty("verboseLevel").GetString()).Should().Be(("low", "full"));
    }

    [Fact]
    public async Task Agent_SessionId_ContinuesThatSession()
    {
        var first = await CliRun.InvokeAsync(gateway.Environment(), "agent", "--session-key", "agent:main:by-id", "-m", "one", "--json");
        var sessionId = JsonDocument.Parse(first.Output).RootElement.GetProperty("result").GetProperty("meta").GetProperty("agentMeta").GetProperty("sessionId").GetString()!;

        var second = await CliRun.InvokeAsync(gateway.Environment(), "agent", "--session-id", sessionId, "-m", "two", "--json");

        JsonDocument.Parse(second.Output).RootElement.GetProperty("result").GetProperty("meta").GetProperty("agentMeta").GetProperty("sessionId").GetString()
            .Should().Be(sessionId);
    }

    [Fact]
    public async Task Agent_WithoutASelector_IsAUsageError()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "agent", "-m", "where to?");

        (run.ExitCode, run.Error.Trim()).Should().Be((2, "Pass --to <E.164>, --session-id, or --agent to choose a session"));
    }

    [Fact]
    public async Task Agent_UnknownAgent_FailsWithTheGatewaysMessage()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "agent", "--agent", "nobody", "-m", "hi");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("unknown agent id \"nobody\"");
    }

    [Fact]
    public async Task Health_PrintsTheSummary()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "health");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().MatchRegex(@"^Gateway probe duration: \d+ms\nAgents: main \(default\), beta\nHeartbeat interval: disabled \(main, beta\)\nSession store \(main\): sqlite:");
    }

    [Fact]
    public async Task Health_Json_IsTheHealthSummary()
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "health", "--json", "--verbose");

        JsonDocument.Parse(run.Output).RootElement.GetProperty("agents").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Status_Reachable_ShowsUrlAuthAgentsAndSessions()
    {
        await CliRun.InvokeAsync(gateway.Environment(), "agent", "--agent", "main", "-m", "for status");

        var run = await CliRun.InvokeAsync(gateway.Environment(), "status");
        var json = await CliRun.InvokeAsync(gateway.Environment(), "status", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().StartWith($"Gateway: reachable at ws://127.0.0.1:{gateway.Port}/ (auth token, openclaw-dotnet-");
        run.Output.Should().Contain("Agents: main (default), beta\n").And.Contain("- agent:main:main (");
        JsonDocument.Parse(json.Output).RootElement.GetProperty("reachable").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Agent_WrongToken_IsOneLineExit1_NotACrash()
    {
        var environment = gateway.Environment();
        environment["OPENCLAW_GATEWAY_TOKEN"] = "wrong-token-0000000000";

        var run = await CliRun.InvokeAsync(environment, "agent", "--agent", "main", "-m", "hi");

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().StartWith("Gateway call failed: unauthorized: gateway token mismatch").And.NotContain("   at ");
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("2147483647")]
    public async Task Agent_TimeoutOutOfRange_IsAUsageError(string seconds)
    {
        var run = await CliRun.InvokeAsync(gateway.Environment(), "agent", "--agent", "main", "-m", "hi", "--timeout", seconds);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--timeout must be between 1 and 86400 seconds");
    }

    [Fact]
    public async Task Status_WrongToken_SaysTheGatewayRefused_NotThatItIsDown()
    {
        var environment = gateway.Environment();
        environment["OPENCLAW_GATEWAY_TOKEN"] = "wrong-token-0000000000";

        var run = await CliRun.InvokeAsync(environment, "status");

        run.ExitCode.Should().Be(1);
        run.Output.Should().StartWith($"Gateway: reachable at ws://127.0.0.1:{gateway.Port}/ but it refused the connection: unauthorized");
    }
}

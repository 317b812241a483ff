using System.Net;
using System.Text.Json;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>
/// The commands that work on files (<c>sessions</c>, <c>config</c>) next to a running gateway process: they read the
/// store it writes, and the gateway picks config edits up without a restart.
/// </summary>
public sealed class FileCommandsWithRunningGatewayTests(StartedGateway gateway) : IClassFixture<StartedGateway>
{
    [Fact]
    public async Task Sessions_ListsWhatTheGatewayWrote_AndExportImportRoundTripsThroughIt()
    {
        // Arrange: a turn through the gateway
        var environment = gateway.Environment();
        (await CliRun.InvokeAsync(environment, "agent", "--session-key", "agent:main:exported", "-m", "keep me")).ExitCode.Should().Be(0);

        // Act
        var list = await CliRun.InvokeAsync(environment, "sessions", "--json");
        var file = Path.Combine(gateway.StateDir, "exported.jsonl");
        var export = await CliRun.InvokeAsync(environment, "sessions", "export", "agent:main:exported", "--out", file);
        var import = await CliRun.InvokeAsync(environment, "sessions", "import", file, "--key", "agent:main:imported");
        var history = await CliRun.InvokeAsync(environment, "gateway", "call", "chat.history", "--params", """{"sessionKey":"agent:main:imported"}""", "--json");
        var next = await CliRun.InvokeAsync(environment, "agent", "--session-key", "agent:main:imported", "-m", "and now", "--json");

        // Assert
        list.ExitCode.Should().Be(0, list.Error);
        JsonDocument.Parse(list.Output).RootElement.GetProperty("sessions").EnumerateArray()
            .Select(s => s.GetProperty("key").GetString()).Should().Contain("agent:main:exported");
        (export.ExitCode, import.ExitCode).Should().Be((0, 0), export.Error + import.Error);
        var messages = JsonDocument.Parse(history.Output).RootElement.GetProperty("messages");
        messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()).Should().Equal("user", "assistant");
        messages[0].GetProperty("content").GetString().Should().Be("keep me");
        JsonDocument.Parse(next.Output).RootElement.GetProperty("status").GetString().Should().Be("ok", "the imported session continues through the gateway");
    }

    [Fact]
    public async Task ConfigSet_IsPickedUpByTheRunningGateway()
    {
        // Arrange
        var environment = gateway.Environment();
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{gateway.Port}/v1/models");
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", StartedGateway.Token);
        (await http.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound, "chat completions start disabled");

        // Act
        var set = await CliRun.InvokeAsync(environment, "config", "set", "gateway.http.endpoints.chatCompletions.enabled", "true");

        // Assert
        set.ExitCode.Should().Be(0, set.Error);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await http.GetAsync(url)).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        status.Should().Be(HttpStatusCode.OK);
        (await CliRun.InvokeAsync(environment, "config", "get", "gateway.auth.token")).Output.Trim().Should().Be("__OPENCLAW_REDACTED__");
    }
}

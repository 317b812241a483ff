using OpenClaw.Core.Sessions;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>Agent and session of <c>POST /tools/invoke</c> (http-api.md §8.3): the tool runs in the chosen agent's workspace.</summary>
public sealed class ToolsInvokeAgentTests
{

    [Theory]
    [InlineData("""{"tool":"ls","agentId":"nope"}""", "Unknown agent id \\\"nope\\\"")]
    [InlineData("""{"tool":"ls","agentId":"Bad Id!"}""", "Unknown agent id \\\"Bad Id!\\\"")]
    [InlineData("""{"tool":"ls","agentId":"beta","sessionKey":"agent:main:x"}""", "agent \\\"beta\\\" does not match session key agent \\\"main\\\"")]
    [InlineData("""{"tool":"ls","agentId":"BETA","sessionKey":"Agent:Main:x"}""", "agent \\\"BETA\\\" does not match session key agent \\\"main\\\"")]
    [InlineData("""{"tool":"ls","sessionKey":"agent:other:x"}""", "Unknown agent id \\\"other\\\"")]
    [InlineData("""{"tool":"ls","sessionKey":"agent:main:harness:run-1"}""", "Session key namespace is reserved for agent harness-owned sessions.")]
    [InlineData("""{"tool":"ls","agentId":"beta","sessionKey":"harness:run-1"}""", "Session key namespace is reserved for agent harness-owned sessions.")]
    [InlineData("""{"tool":"nope","agentId":"nope"}""", "Unknown agent id \\\"nope\\\"")]
    public async Task AgentOrSessionProblem_Is400_BeforeTheToolIsLookedUp(string requestBody, string message)
    {
        // Arrange
        await using var gateway = await StartTwoAgentsAsync();

        // Act
        var (status, body) = await gateway.InvokeAsync(requestBody);

        // Assert
        status.Should().Be(400);
        body.Should().Be($$$"""{"ok":false,"error":{"type":"invalid_request","message":"{{{message}}}"}}""");
    }

    [Theory]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"}}""", "main")]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"},"agentId":"beta"}""", "beta")]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"},"agentId":" beta "}""", "beta")]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"},"agentId":""}""", "main")]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"},"sessionKey":"agent:beta:anything"}""", "beta")]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"},"agentId":"Beta","sessionKey":"agent:beta:x"}""", "beta")]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"},"sessionKey":"cron:abc"}""", "main")]
    [InlineData("""{"tool":"read","args":{"path":"who.txt"},"sessionKey":"subagent:abc","agentId":"beta"}""", "beta")]
    public async Task Tool_RunsInTheChosenAgentsWorkspace_DefaultAgentWithoutOne(string requestBody, string agent)
    {
        // Arrange: two agents, each workspace saying whose it is
        await using var gateway = await StartTwoAgentsAsync();
        foreach (var id in (string[])["main", "beta"])
        {
            var workspace = Path.Combine(gateway.Gateway.StateDir, "workspace-" + id);
            Directory.CreateDirectory(workspace);
            await File.WriteAllTextAsync(Path.Combine(workspace, "who.txt"), id);
        }

        // Act
        var (status, body) = await gateway.InvokeAsync(requestBody);

        // Assert
        status.Should().Be(200);
        body.Should().Be($$$"""{"ok":true,"result":{"content":[{"type":"text","text":"{{{agent}}}"}]}}""");
    }

    [Fact]
    public async Task Invoke_CreatesNoSession()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();

        // Act
        var (status, _) = await gateway.InvokeAsync("""{"tool":"ls","sessionKey":"probe"}""");

        // Assert
        status.Should().Be(200);
        var store = gateway.Gateway.App.Services.GetRequiredService<ISessionStore>();
        (await store.GetSessionAsync("agent:main:probe", CancellationToken.None)).Should().BeNull();
        (await store.GetSessionAsync("agent:main:main", CancellationToken.None)).Should().BeNull();
    }

    private static Task<ToolsInvokeGateway> StartTwoAgentsAsync() =>
        ToolsInvokeGateway.StartAsync(agents: "list: [ { id: 'main', default: true }, { id: 'beta' } ]");
}

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>Which tools <c>POST /tools/invoke</c> offers (http-api.md §8.4): the 404 for everything off the surface.</summary>
public sealed class ToolsInvokeSurfaceTests
{
    [Theory]
    [InlineData("exec", "on the default HTTP deny list (lift it with gateway.tools.allow)")]
    [InlineData("write", "on the default HTTP deny list (lift it with gateway.tools.allow)")]
    [InlineData("edit", "on the default HTTP deny list (lift it with gateway.tools.allow)")]
    [InlineData("sessions_spawn", "unknown tool")]
    [InlineData("gateway", "unknown tool")]
    [InlineData("nope", "unknown tool")]
    [InlineData("READ", "unknown tool")]
    [InlineData("bash", "unknown tool")]
    public async Task ToolOffTheSurface_Is404_AndTheReasonIsLogged(string name, string reason)
    {
        // Arrange: the full profile gives the agent every built-in, so only the HTTP steps remove one
        await using var gateway = await ToolsInvokeGateway.StartAsync(top: "tools: { profile: 'full' },");

        // Act
        var (status, body) = await gateway.InvokeAsync($$$"""{"tool":"{{{name}}}","args":{"command":"touch made","path":"made","content":"x"}}""");

        // Assert
        status.Should().Be(404);
        body.Should().Be($$$"""{"ok":false,"error":{"type":"not_found","message":"Tool not available: {{{name}}}"}}""");
        gateway.Logged("ToolNotAvailable").Should().Equal($"tools/invoke: tool {name} is not available for agent main: {reason}");
        File.Exists(Path.Combine(gateway.Workspace, "made")).Should().BeFalse("nothing ran");
    }

    [Theory]
    [InlineData("tools: { deny: ['read'] },", "")]
    [InlineData("tools: { profile: 'minimal' },", "")]
    [InlineData("", "list: [ { id: 'main', tools: { deny: ['read'] } } ]")]
    [InlineData("", "list: [ { id: 'main', tools: { profile: 'minimal' } } ]")]
    public async Task ToolRemovedByTheAgentsPolicy_Is404(string top, string agents)
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync(top: top, agents: agents);

        // Act
        var (status, body) = await gateway.InvokeAsync("""{"tool":"read","args":{"path":"a.txt"}}""");

        // Assert
        status.Should().Be(404);
        body.Should().Be("""{"ok":false,"error":{"type":"not_found","message":"Tool not available: read"}}""");
        gateway.Logged("ToolNotAvailable").Should().Equal("tools/invoke: tool read is not available for agent main: removed by the agent's tool policy");
    }

    [Fact]
    public async Task GatewayAllow_LiftsExecAndWrite()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync(gateway: "tools: { allow: ['Bash', 'write'] },", top: "tools: { profile: 'full' },");

        // Act
        var write = await gateway.InvokeAsync("""{"tool":"write","args":{"path":"notes/a.txt","content":"hello"}}""");
        var exec = await gateway.InvokeAsync("""{"tool":"exec","args":{"command":"cat notes/a.txt"}}""");

        // Assert
        write.Should().Be((200, """{"ok":true,"result":{"content":[{"type":"text","text":"Successfully wrote 5 bytes to notes/a.txt"}]}}"""));
        exec.Should().Be((200, """{"ok":true,"result":{"content":[{"type":"text","text":"hello\n\n[exit code: 0]"}]}}"""));
    }

    [Fact]
    public async Task GatewayDeny_WinsOverAllow_AndDeniesReadToo()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync(gateway: "tools: { allow: ['write'], deny: ['WRITE', 'read'] },");

        // Act
        var write = await gateway.InvokeAsync("""{"tool":"write","args":{"path":"a.txt","content":"x"}}""");
        var read = await gateway.InvokeAsync("""{"tool":"read","args":{"path":"a.txt"}}""");

        // Assert
        write.Status.Should().Be(404);
        read.Should().Be((404, """{"ok":false,"error":{"type":"not_found","message":"Tool not available: read"}}"""));
        gateway.Logged("ToolNotAvailable").Should().AllSatisfy(m => m.Should().EndWith("denied by gateway.tools.deny"));
        File.Exists(Path.Combine(gateway.Workspace, "a.txt")).Should().BeFalse();
    }

    [Fact]
    public async Task ExecAllowedOverHttp_ButNotByTheAgentsPolicy_Is404()
    {
        // Arrange: the default coding profile has no exec (agent-runtime.md §5.5)
        await using var gateway = await ToolsInvokeGateway.StartAsync(gateway: "tools: { allow: ['exec'] },");

        // Act
        var (status, _) = await gateway.InvokeAsync("""{"tool":"exec","args":{"command":"true"}}""");

        // Assert
        status.Should().Be(404);
        gateway.Logged("ToolNotAvailable").Should().Equal("tools/invoke: tool exec is not available for agent main: removed by the agent's tool policy");
    }

    [Fact]
    public async Task NoneModeCaller_WithWriteButNotAdmin_IsNotTheOwner_AndCanStillRead()
    {
        // Arrange: a non-owner loses only owner-only tools, and none of the built-ins is one
        await using var gateway = await ToolsInvokeGateway.StartAsync(auth: "mode: 'none'");
        Directory.CreateDirectory(gateway.Workspace);
        await File.WriteAllTextAsync(Path.Combine(gateway.Workspace, "a.txt"), "alpha");
        using var client = gateway.CreateClient(token: null);

        // Act
        var read = await ToolsInvokeGateway.InvokeAsync(client, """{"tool":"read","args":{"path":"a.txt"}}""", ("x-openclaw-scopes", "operator.write"));
        var write = await ToolsInvokeGateway.InvokeAsync(client, """{"tool":"write","args":{"path":"a.txt","content":"x"}}""", ("x-openclaw-scopes", "operator.write"));

        // Assert
        read.Should().Be((200, """{"ok":true,"result":{"content":[{"type":"text","text":"alpha"}]}}"""));
        write.Status.Should().Be(404);
    }
}

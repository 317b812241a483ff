namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>What <c>POST /tools/invoke</c> answers for a tool that ran (http-api.md §8.5): results and tool failures.</summary>
public sealed class ToolsInvokeResultTests
{
    /// <summary>A 1×1 PNG.</summary>
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    [Fact]
    public async Task Read_ReturnsTheFile_AsOneTextBlock()
    {
        // Arrange
        await using var gateway = await StartWithFilesAsync(("README.md", "# My project\n\nHello"));

        // Act
        var result = await gateway.InvokeAsync("""{"tool":"read","args":{"path":"README.md"},"sessionKey":"main","agentId":"main"}""");

        // Assert
        result.Should().Be((200, """{"ok":true,"result":{"content":[{"type":"text","text":"# My project\n\nHello"}]}}"""));
    }

    [Fact]
    public async Task Ls_ListsTheWorkspace()
    {
        // Arrange
        await using var gateway = await StartWithFilesAsync(("b.txt", "b"), (".hidden", "h"), ("docs/a.md", "a"));

        // Act
        var result = await gateway.InvokeAsync("""{"tool":"ls"}""");

        // Assert
        result.Should().Be((200, """{"ok":true,"result":{"content":[{"type":"text","text":"\".hidden\"\n\"b.txt\"\n\"docs/\""}]}}"""));
    }

    [Fact]
    public async Task ReadOfAnImage_AddsAnImageBlock()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();
        Directory.CreateDirectory(gateway.Workspace);
        await File.WriteAllBytesAsync(Path.Combine(gateway.Workspace, "dot.png"), Convert.FromBase64String(PngBase64));

        // Act
        var result = await gateway.InvokeAsync("""{"tool":"read","args":{"path":"dot.png"}}""");

        // Assert
        result.Should().Be((200,
            $$$"""{"ok":true,"result":{"content":[{"type":"text","text":"Read image file [image/png]"},{"type":"image","data":"{{{PngBase64}}}","mimeType":"image/png"}]}}"""));
    }

    [Fact]
    public async Task PathOutsideTheWorkspace_Is403_WithTheReason()
    {
        // Arrange: a file right beside the workspace
        await using var gateway = await StartWithFilesAsync(("inside.txt", "in"));
        await File.WriteAllTextAsync(Path.Combine(gateway.Gateway.StateDir, "secret.txt"), "top secret");

        // Act
        var (status, body) = await gateway.InvokeAsync("""{"tool":"read","args":{"path":"../secret.txt"}}""");

        // Assert
        status.Should().Be(403);
        body.Should().Be($$$"""{"ok":false,"error":{"type":"tool_error","message":"Path escapes workspace root ({{{gateway.Workspace}}}): ../secret.txt"}}""");
    }

    [Fact]
    public async Task MissingFile_Is500_WithTheDetailOnlyInTheLog()
    {
        // Arrange
        await using var gateway = await StartWithFilesAsync(("inside.txt", "in"));

        // Act
        var (status, body) = await gateway.InvokeAsync("""{"tool":"read","args":{"path":"nope.txt"},"idempotencyKey":" call-7 "}""");

        // Assert
        status.Should().Be(500);
        body.Should().Be("""{"ok":false,"error":{"type":"tool_error","message":"tool execution failed"}}""");
        gateway.Logged("ToolInvocationFailed").Should().Equal("tools/invoke: read (http-direct-operator-call-7) failed: File not found: nope.txt");
    }

    [Theory]
    [InlineData("""{"tool":"read","args":{"path":5}}""", "Invalid arguments for read: 'path' must be a string, received number")]
    [InlineData("""{"tool":"read"}""", "Invalid arguments for read: missing required parameter 'path'")]
    [InlineData("""{"tool":"read","args":["a.txt"]}""", "Invalid arguments for read: missing required parameter 'path'")]
    [InlineData("""{"tool":"ls","args":{"limit":0}}""", "Invalid arguments for ls: 'limit' must be an integer >= 1, received 0")]
    public async Task InvalidArguments_Are400_WithTheReason(string requestBody, string message)
    {
        // Arrange
        await using var gateway = await StartWithFilesAsync(("a.txt", "a"));

        // Act
        var result = await gateway.InvokeAsync(requestBody);

        // Assert
        result.Should().Be((400, $$$"""{"ok":false,"error":{"type":"tool_error","message":"{{{message}}}"}}"""));
    }

    [Fact]
    public async Task ExecOptionWeReject_Is400()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync(gateway: "tools: { allow: ['exec'] },", top: "tools: { allow: ['exec'] },");

        // Act
        var (status, body) = await gateway.InvokeAsync("""{"tool":"exec","args":{"command":"true","background":true}}""");

        // Assert
        status.Should().Be(400);
        body.Should().StartWith("""{"ok":false,"error":{"type":"tool_error","message":"exec does not support 'background' in this gateway""");
    }

    [Fact]
    public async Task ExecWorkdirOutsideTheWorkspace_Is403()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync(gateway: "tools: { allow: ['exec'] },", top: "tools: { allow: ['exec'] },");

        // Act
        var (status, body) = await gateway.InvokeAsync("""{"tool":"exec","args":{"command":"pwd","workdir":".."}}""");

        // Assert
        status.Should().Be(403);
        body.Should().Be($$$"""{"ok":false,"error":{"type":"tool_error","message":"Path escapes workspace root ({{{gateway.Workspace}}}): .."}}""");
    }

    private static async Task<ToolsInvokeGateway> StartWithFilesAsync(params (string Path, string Content)[] files)
    {
        var gateway = await ToolsInvokeGateway.StartAsync();
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(gateway.Workspace, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }

        return gateway;
    }
}

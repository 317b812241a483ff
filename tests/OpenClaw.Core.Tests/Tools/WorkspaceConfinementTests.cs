using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

/// <summary>
/// With FsWorkspaceOnly (the default) no file tool reaches outside the workspace: not by an absolute path, not by
/// <c>..</c>, not through a symlinked file or directory, not by creating a file under a symlinked parent.
/// </summary>
public sealed class WorkspaceConfinementTests : IDisposable
{
    private static readonly ToolHostSettings Confined = new();

    private readonly ToolWorkspace _ws = new();
    private readonly string _secret;

    public WorkspaceConfinementTests()
    {
        _secret = Path.Combine(_ws.Outside, "secret.txt");
        File.WriteAllText(_secret, "top secret");
    }

    public void Dispose() => _ws.Dispose();

    private string Escape(string input) => $"Path escapes workspace root ({_ws.Root}): {input}";

    private string SymlinkEscape(string input) => $"Symlink escapes workspace root ({_ws.Root}): {input}";

    private static ToolResult Outside(string text) => new(text, IsError: true) { ErrorKind = ToolErrorKind.OutsideWorkspace };

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("sub/../../outside/secret.txt")]
    [InlineData("~")]
    [InlineData("~/x.txt")]
    public async Task Read_LexicalEscape_IsRejected(string path)
    {
        // Act
        var result = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", path)));

        // Assert
        result.Should().Be(Outside(Escape(path)));
    }

    [Fact]
    public async Task Read_AbsolutePathOutside_IsRejected()
    {
        var result = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", _secret)));

        result.Should().Be(Outside(Escape(_secret)));
    }

    [Fact]
    public async Task Read_DotDotThatStaysInside_IsAllowed()
    {
        _ws.Write("a.txt", "fine");

        var result = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", "sub/../a.txt")));

        result.Should().Be(new ToolResult("fine"));
    }

    [Fact]
    public async Task Read_AtPrefix_IsDroppedAsAFileReference()
    {
        _ws.Write("a.txt", "fine");

        var result = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", "@a.txt")));

        result.Should().Be(new ToolResult("fine"));
    }

    [Fact]
    public async Task WriteEditLs_LexicalEscape_AreRejectedAndTouchNothing()
    {
        var write = await _ws.RunAsync(new WriteTool(Confined), Args.Of(("path", "../outside/new.txt"), ("content", "x")));
        var edit = await _ws.RunAsync(new EditTool(Confined), Args.Of(("path", _secret), ("edits", new[] { ("top", "no") })));
        var ls = await _ws.RunAsync(new LsTool(Confined), Args.Of(("path", "..")));

        write.Should().Be(Outside(Escape("../outside/new.txt")));
        edit.Should().Be(Outside(Escape(_secret)));
        ls.Should().Be(Outside(Escape("..")));
        File.Exists(Path.Combine(_ws.Outside, "new.txt")).Should().BeFalse();
        File.ReadAllText(_secret).Should().Be("top secret");
    }

    [SymlinkFact]
    public async Task SymlinkedFilePointingOutside_IsRejectedByEveryFileTool()
    {
        // Arrange
        File.CreateSymbolicLink(_ws.PathOf("innocent.txt"), _secret);

        // Act
        var read = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", "innocent.txt")));
        var write = await _ws.RunAsync(new WriteTool(Confined), Args.Of(("path", "innocent.txt"), ("content", "pwned")));
        var edit = await _ws.RunAsync(new EditTool(Confined), Args.Of(("path", "innocent.txt"), ("edits", new[] { ("top", "no") })));

        // Assert
        read.Should().Be(Outside(SymlinkEscape("innocent.txt")));
        write.Should().Be(Outside(SymlinkEscape("innocent.txt")));
        edit.Should().Be(Outside(SymlinkEscape("innocent.txt")));
        File.ReadAllText(_secret).Should().Be("top secret");
    }

    [SymlinkFact]
    public async Task SymlinkedDirectoryPointingOutside_IsRejectedForExistingAndNewPaths()
    {
        // Arrange
        Directory.CreateDirectory(_ws.PathOf("sub"));
        Directory.CreateSymbolicLink(_ws.PathOf("sub/docs"), _ws.Outside);

        // Act
        var read = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", "sub/docs/secret.txt")));
        var ls = await _ws.RunAsync(new LsTool(Confined), Args.Of(("path", "sub/docs")));
        var write = await _ws.RunAsync(new WriteTool(Confined), Args.Of(("path", "sub/docs/new.txt"), ("content", "x")));
        var deepWrite = await _ws.RunAsync(new WriteTool(Confined), Args.Of(("path", "sub/docs/a/b/new.txt"), ("content", "x")));

        // Assert
        read.Should().Be(Outside(SymlinkEscape("sub/docs/secret.txt")));
        ls.Should().Be(Outside(SymlinkEscape("sub/docs")));
        write.Should().Be(Outside(SymlinkEscape("sub/docs/new.txt")));
        deepWrite.Should().Be(Outside(SymlinkEscape("sub/docs/a/b/new.txt")));
        Directory.EnumerateFileSystemEntries(_ws.Outside).Should().Equal(_secret);
    }

    [SymlinkFact]
    public async Task DanglingSymlinkPointingOutside_CannotBeWrittenThrough()
    {
        var target = Path.Combine(_ws.Outside, "planted.txt");
        File.CreateSymbolicLink(_ws.PathOf("dangling"), target);

        var result = await _ws.RunAsync(new WriteTool(Confined), Args.Of(("path", "dangling"), ("content", "x")));

        result.Should().Be(Outside(SymlinkEscape("dangling")));
        File.Exists(target).Should().BeFalse();
    }

    [SymlinkFact]
    public async Task RelativeSymlinkChainLeavingTheWorkspace_IsRejected()
    {
        // ws/a -> b, ws/b -> ../outside: each hop is relative, the second one leaves.
        Directory.CreateSymbolicLink(_ws.PathOf("b"), Path.Combine("..", "outside"));
        Directory.CreateSymbolicLink(_ws.PathOf("a"), "b");

        var result = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", "a/secret.txt")));

        result.Should().Be(Outside(SymlinkEscape("a/secret.txt")));
    }

    [SymlinkFact]
    public async Task SymlinkLoop_IsAnErrorResult()
    {
        File.CreateSymbolicLink(_ws.PathOf("loop1"), _ws.PathOf("loop2"));
        File.CreateSymbolicLink(_ws.PathOf("loop2"), _ws.PathOf("loop1"));

        var result = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", "loop1")));

        result.Should().Be(new ToolResult($"Too many levels of symbolic links: {_ws.PathOf("loop1")}", IsError: true));
    }

    [SymlinkFact]
    public async Task SymlinkInsideTheWorkspace_IsFollowedAndWrittenThroughWithoutReplacingTheLink()
    {
        // Arrange
        _ws.Write("real/config.txt", "v1");
        File.CreateSymbolicLink(_ws.PathOf("alias.txt"), Path.Combine("real", "config.txt"));

        // Act
        var read = await _ws.RunAsync(new ReadTool(Confined), Args.Of(("path", "alias.txt")));
        var write = await _ws.RunAsync(new WriteTool(Confined), Args.Of(("path", "alias.txt"), ("content", "v2")));
        var edit = await _ws.RunAsync(new EditTool(Confined), Args.Of(("path", "alias.txt"), ("edits", new[] { ("v2", "v3") })));

        // Assert
        read.Text.Should().Be("v1");
        write.IsError.Should().BeFalse();
        edit.IsError.Should().BeFalse();
        _ws.Read("real/config.txt").Should().Be("v3");
        new FileInfo(_ws.PathOf("alias.txt")).LinkTarget.Should().NotBeNull();
    }

    [SymlinkFact]
    public async Task WorkspaceBehindASymlink_AcceptsItsRealSpelling()
    {
        // Arrange: the agent's workspace is configured through a link, as /tmp is on macOS.
        var linked = Path.Combine(_ws.Outside, "ws-link");
        Directory.CreateSymbolicLink(linked, _ws.Root);
        _ws.Write("a.txt", "through the link");
        var context = _ws.Context with { WorkspaceDir = linked };

        // Act
        var relative = await ReadAsync(context, "a.txt");
        var real = await ReadAsync(context, _ws.PathOf("a.txt"));

        // Assert
        relative.Text.Should().Be("through the link");
        real.Text.Should().Be("through the link");
    }

    private static async Task<ToolResult> ReadAsync(ToolContext context, string path)
    {
        using var args = System.Text.Json.JsonDocument.Parse(Args.Of(("path", path)));
        return await new ReadTool(Confined).ExecuteAsync(args.RootElement, context, CancellationToken.None);
    }

    [Fact]
    public async Task FsWorkspaceOnlyOff_ReachesOutside()
    {
        var open = new ToolHostSettings { FsWorkspaceOnly = false };

        var read = await _ws.RunAsync(new ReadTool(open), Args.Of(("path", "../outside/secret.txt")));
        var write = await _ws.RunAsync(new WriteTool(open), Args.Of(("path", Path.Combine(_ws.Outside, "new.txt")), ("content", "x")));

        read.Text.Should().Be("top secret");
        write.IsError.Should().BeFalse();
        File.ReadAllText(Path.Combine(_ws.Outside, "new.txt")).Should().Be("x");
    }
}

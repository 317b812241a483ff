using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

public sealed class WriteToolTests : IDisposable
{
    private readonly ToolWorkspace _ws = new();
    private readonly WriteTool _write = new(new ToolHostSettings());

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Execute_NewFileInNewDirectories_CreatesBoth()
    {
        // Act
        var result = await _ws.RunAsync(_write, Args.Of(("path", "a/b/c.txt"), ("content", "héllo\n")));

        // Assert
        result.Should().Be(new ToolResult("Successfully wrote 7 bytes to a/b/c.txt"));
        _ws.Read("a/b/c.txt").Should().Be("héllo\n");
    }

    [Fact]
    public async Task Execute_ExistingFile_IsOverwrittenWithoutBomAndLeavesNoTempFiles()
    {
        _ws.Write("f.txt", "a much longer original content");

        var result = await _ws.RunAsync(_write, Args.Of(("path", "f.txt"), ("content", "short")));

        result.Text.Should().Be("Successfully wrote 5 bytes to f.txt");
        File.ReadAllBytes(_ws.PathOf("f.txt")).Should().Equal("short"u8.ToArray());
        Directory.GetFiles(_ws.Root).Should().ContainSingle();
    }

    [Fact]
    public async Task Execute_EmptyContent_WritesAnEmptyFile()
    {
        var result = await _ws.RunAsync(_write, Args.Of(("path", "empty"), ("content", "")));

        result.Text.Should().Be("Successfully wrote 0 bytes to empty");
        new FileInfo(_ws.PathOf("empty")).Length.Should().Be(0);
    }

    [Fact]
    public async Task Execute_ExistingFile_KeepsItsPermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = _ws.Write("run.sh", "echo old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await _ws.RunAsync(_write, Args.Of(("path", "run.sh"), ("content", "echo new")));

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task Execute_PathIsADirectory_IsAnError()
    {
        Directory.CreateDirectory(_ws.PathOf("dir"));

        var result = await _ws.RunAsync(_write, Args.Of(("path", "dir"), ("content", "x")));

        result.Should().Be(new ToolResult("Cannot write dir: it is a directory.", IsError: true));
    }

    [Fact]
    public async Task Execute_ParentIsAFile_IsAnErrorResult()
    {
        _ws.Write("file", "x");

        var result = await _ws.RunAsync(_write, Args.Of(("path", "file/child.txt"), ("content", "x")));

        result.IsError.Should().BeTrue();
        result.Text.Should().StartWith("write failed: ");
    }

    [Theory]
    [InlineData("""{"path":"a.txt"}""", "missing required parameter 'content'")]
    [InlineData("""{"content":"x"}""", "missing required parameter 'path'")]
    [InlineData("""{"path":"a.txt","content":42}""", "'content' must be a string, received number")]
    [InlineData("""{"path":["a.txt"],"content":"x"}""", "'path' must be a string, received array")]
    public async Task Execute_InvalidArguments_AreAnErrorResult(string arguments, string reason)
    {
        var result = await _ws.RunAsync(_write, arguments);

        result.Should().Be(new ToolResult("Invalid arguments for write: " + reason, IsError: true) { ErrorKind = ToolErrorKind.InvalidArguments });
        Directory.EnumerateFileSystemEntries(_ws.Root).Should().BeEmpty();
    }
}

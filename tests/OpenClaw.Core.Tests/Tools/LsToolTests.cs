using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

public sealed class LsToolTests : IDisposable
{
    private readonly ToolWorkspace _ws = new();
    private readonly LsTool _ls = new(new ToolHostSettings());

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Execute_NoPath_ListsTheWorkspaceInOrdinalOrderWithDotfilesAndSlashes()
    {
        // Arrange
        _ws.Write("b.txt", "");
        _ws.Write("B.txt", "");
        _ws.Write(".hidden", "");
        _ws.Write("a\"quote", "");
        Directory.CreateDirectory(_ws.PathOf("src"));
        Directory.CreateDirectory(_ws.PathOf("_z"));

        // Act
        var result = await _ws.RunAsync(_ls, "{}");

        // Assert
        result.Should().Be(new ToolResult("\".hidden\"\n\"B.txt\"\n\"_z/\"\n\"a\\\"quote\"\n\"b.txt\"\n\"src/\""));
    }

    [Fact]
    public async Task Execute_SubdirectoryAndEmptyPath_AreListed()
    {
        _ws.Write("sub/one", "");

        (await _ws.RunAsync(_ls, """{"path":"sub"}""")).Text.Should().Be("\"one\"");
        (await _ws.RunAsync(_ls, """{"path":""}""")).Text.Should().Be("\"sub/\"");
    }

    [Fact]
    public async Task Execute_Limit_PagesWithAnAfterCursor()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            _ws.Write(name, "");
        }

        var first = await _ws.RunAsync(_ls, """{"limit":2}""");
        var second = await _ws.RunAsync(_ls, """{"limit":2,"after":"b"}""");
        var last = await _ws.RunAsync(_ls, """{"limit":2,"after":"d"}""");

        first.Text.Should().Be("\"a\"\n\"b\"\nafter: \"b\"");
        second.Text.Should().Be("\"c\"\n\"d\"\nafter: \"d\"");
        last.Text.Should().Be("\"e\"");
    }

    [Fact]
    public async Task Execute_DefaultLimit_Is500()
    {
        for (var i = 0; i < 501; i++)
        {
            File.Create(_ws.PathOf($"f{i:D4}")).Dispose();
        }

        var result = await _ws.RunAsync(_ls, "{}");

        var lines = result.Text.Split('\n');
        lines.Should().HaveCount(501);
        lines[^2].Should().Be("\"f0499\"");
        lines[^1].Should().Be("after: \"f0499\"");
    }

    [Fact]
    public async Task Execute_PageOver50KB_StopsEarlyWithACursor()
    {
        // 250-character names: about 200 of them fill 50 KB, well below the 500-entry limit.
        for (var i = 0; i < 300; i++)
        {
            File.Create(_ws.PathOf($"{i:D3}" + new string('n', 247))).Dispose();
        }

        var result = await _ws.RunAsync(_ls, "{}");

        System.Text.Encoding.UTF8.GetByteCount(result.Text).Should().BeLessThanOrEqualTo(LsTool.MaxBytes);
        var lines = result.Text.Split('\n');
        lines.Length.Should().BeInRange(190, 210);
        lines[^1].Should().Be($"after: {lines[^2]}");
    }

    [Fact]
    public async Task Execute_EmptyDirectoryOrPastTheEnd_SaysSo()
    {
        _ws.Write("only", "");
        Directory.CreateDirectory(_ws.PathOf("empty"));

        (await _ws.RunAsync(_ls, """{"path":"empty"}""")).Should().Be(new ToolResult("(empty directory)"));
        (await _ws.RunAsync(_ls, """{"after":"only"}""")).Should().Be(new ToolResult("(empty directory)"));
    }

    [Fact]
    public async Task Execute_ControlCharactersInNames_AreJsonEscaped()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _ws.Write("tab\there", "");
        _ws.Write("new\nline", "");

        var result = await _ws.RunAsync(_ls, "{}");

        result.Text.Should().Be("\"new\\nline\"\n\"tab\\there\"");
    }

    [SymlinkFact]
    public async Task Execute_SymlinkToADirectory_HasNoSlash()
    {
        Directory.CreateDirectory(_ws.PathOf("real"));
        Directory.CreateSymbolicLink(_ws.PathOf("link"), _ws.PathOf("real"));

        var result = await _ws.RunAsync(_ls, "{}");

        result.Text.Should().Be("\"link\"\n\"real/\"");
    }

    [Fact]
    public async Task Execute_MissingOrFile_IsAnError()
    {
        _ws.Write("file.txt", "");

        (await _ws.RunAsync(_ls, """{"path":"nope"}""")).Should().Be(new ToolResult("Directory not found: nope", IsError: true));
        (await _ws.RunAsync(_ls, """{"path":"file.txt"}""")).Should().Be(new ToolResult("Not a directory: file.txt", IsError: true));
    }

    [Theory]
    [InlineData("""{"limit":0}""", "'limit' must be an integer >= 1, received 0")]
    [InlineData("""{"limit":"5"}""", "'limit' must be an integer >= 1, received string")]
    [InlineData("""{"after":5}""", "'after' must be a string, received number")]
    [InlineData("""{"path":true}""", "'path' must be a string, received boolean")]
    public async Task Execute_InvalidArguments_AreAnErrorResult(string arguments, string reason)
    {
        var result = await _ws.RunAsync(_ls, arguments);

        result.Should().Be(new ToolResult("Invalid arguments for ls: " + reason, IsError: true) { ErrorKind = ToolErrorKind.InvalidArguments });
    }
}

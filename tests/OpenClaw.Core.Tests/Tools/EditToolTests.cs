using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

public sealed class EditToolTests : IDisposable
{
    private readonly ToolWorkspace _ws = new();
    private readonly EditTool _edit = new(new ToolHostSettings());

    public void Dispose() => _ws.Dispose();

    private Task<ToolResult> EditAsync(string path, params (string OldText, string NewText)[] edits) =>
        _ws.RunAsync(_edit, Args.Of(("path", path), ("edits", edits)));

    [Fact]
    public async Task Execute_FileOverTheCap_IsRefusedWithoutReadingIt()
    {
        // Arrange: a sparse file just over 10 MiB.
        var path = _ws.Write("big.log", "needle");
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(EditTool.MaxEditBytes + 1);
        }

        // Act
        var result = await EditAsync("big.log", ("needle", "pin"));

        // Assert
        result.IsError.Should().BeTrue();
        result.Text.Should().Be("Cannot edit big.log: it is larger than 10 MiB; use exec for files this big.");
    }

    [Fact]
    public async Task Execute_SeveralEdits_AreAllAppliedAgainstTheOriginal()
    {
        // Arrange
        _ws.Write("code.cs", "int a = 1;\nint b = 2;\nint c = 3;\n");

        // Act: the second edit's oldText exists only in the original, not after the first edit.
        var result = await EditAsync("code.cs", ("int c = 3;", "int c = 30;"), ("int a = 1;\nint b", "int b"));

        // Assert
        result.Should().Be(new ToolResult("Successfully replaced 2 block(s) in code.cs"));
        _ws.Read("code.cs").Should().Be("int b = 2;\nint c = 30;\n");
    }

    [Fact]
    public async Task Execute_OldTextNotFound_FailsAndLeavesTheFile()
    {
        _ws.Write("f.txt", "hello world");

        var result = await EditAsync("f.txt", ("hello", "bye"), ("planet", "moon"));

        result.Should().Be(new ToolResult(
            "oldText not found: edits[1] in f.txt. It must match the file exactly, including whitespace and line breaks.", IsError: true));
        _ws.Read("f.txt").Should().Be("hello world");
    }

    [Fact]
    public async Task Execute_OldTextNotUnique_FailsAndLeavesTheFile()
    {
        _ws.Write("f.txt", "x = 1\nx = 1\ny = 2");

        var result = await EditAsync("f.txt", ("y = 2", "y = 3"), ("x = 1", "x = 9"));

        result.Should().Be(new ToolResult(
            "oldText is not unique: edits[1] occurs 2 times in f.txt. Add surrounding context to make it unique.", IsError: true));
        _ws.Read("f.txt").Should().Be("x = 1\nx = 1\ny = 2");
    }

    [Fact]
    public async Task Execute_OverlappingEdits_Fail()
    {
        _ws.Write("f.txt", "abcdef");

        var result = await EditAsync("f.txt", ("cde", "X"), ("abc", "Y"));

        result.Should().Be(new ToolResult(
            "edits[0] and edits[1] overlap in f.txt. Merge them into one edit or target disjoint regions.", IsError: true));
        _ws.Read("f.txt").Should().Be("abcdef");
    }

    [Fact]
    public async Task Execute_AdjacentEdits_DoNotOverlap()
    {
        _ws.Write("f.txt", "abcdef");

        var result = await EditAsync("f.txt", ("def", "DEF"), ("abc", "ABC"));

        result.IsError.Should().BeFalse();
        _ws.Read("f.txt").Should().Be("ABCDEF");
    }

    [Fact]
    public async Task Execute_CrlfFile_MatchesLfTextAndKeepsCrlf()
    {
        File.WriteAllBytes(_ws.PathOf("win.txt"), [0xEF, 0xBB, 0xBF, .. "one\r\ntwo\r\nthree\r\n"u8.ToArray()]);

        var result = await EditAsync("win.txt", ("one\ntwo", "1\n2\n2.5"));

        result.IsError.Should().BeFalse();
        File.ReadAllBytes(_ws.PathOf("win.txt")).Should().Equal([0xEF, 0xBB, 0xBF, .. "1\r\n2\r\n2.5\r\nthree\r\n"u8.ToArray()]);
    }

    [Fact]
    public async Task Execute_IdenticalResult_IsAnError()
    {
        _ws.Write("f.txt", "same");

        var result = await EditAsync("f.txt", ("same", "same"));

        result.Should().Be(new ToolResult("No changes made to f.txt: the replacements produce identical content.", IsError: true));
    }

    [Fact]
    public async Task Execute_SingleEditAtTheTopLevel_IsAcceptedAsTheOriginalDoes()
    {
        _ws.Write("f.txt", "old");

        var result = await _ws.RunAsync(_edit, """{"path":"f.txt","oldText":"old","newText":"new"}""");

        result.Text.Should().Be("Successfully replaced 1 block(s) in f.txt");
        _ws.Read("f.txt").Should().Be("new");
    }

    [UnixFact]
    public async Task Execute_Fifo_IsNotOpened()
    {
        _ws.MakeFifo("pipe");

        var result = await EditAsync("pipe", ("a", "b")).WaitAsync(TimeSpan.FromSeconds(10));

        result.IsError.Should().BeTrue();
        result.Text.Should().StartWith("oldText not found: edits[0] in pipe.");
    }

    [Fact]
    public async Task Execute_MissingFile_IsAnError()
    {
        var result = await EditAsync("nope.txt", ("a", "b"));

        result.Should().Be(new ToolResult("File not found: nope.txt", IsError: true));
        File.Exists(_ws.PathOf("nope.txt")).Should().BeFalse();
    }

    [Fact]
    public async Task Execute_NotUtf8_IsAnErrorAndLeavesTheBytes()
    {
        byte[] latin1 = [0x63, 0x61, 0x66, 0xE9, 0x0A];
        File.WriteAllBytes(_ws.PathOf("latin1.txt"), latin1);

        var result = await EditAsync("latin1.txt", ("caf", "tea"));

        result.Should().Be(new ToolResult("Cannot edit latin1.txt: it is not UTF-8 text.", IsError: true));
        File.ReadAllBytes(_ws.PathOf("latin1.txt")).Should().Equal(latin1);
    }

    [Fact]
    public async Task Execute_Success_LeavesNoTempFileAndKeepsPermissions()
    {
        var path = _ws.Write("tool.sh", "echo a");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await EditAsync("tool.sh", ("echo a", "echo b"));

        Directory.GetFiles(_ws.Root).Should().Equal(path);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Theory]
    [InlineData("""{"path":"f.txt"}""", "missing required parameter 'edits'")]
    [InlineData("""{"path":"f.txt","edits":[]}""", "'edits' must not be empty")]
    [InlineData("""{"path":"f.txt","edits":{"oldText":"a","newText":"b"}}""", "'edits' must be an array, received object")]
    [InlineData("""{"path":"f.txt","edits":["a"]}""", "'edits[0]' must be an object, received string")]
    [InlineData("""{"path":"f.txt","edits":[{"oldText":"a"}]}""", "missing required parameter 'edits[0].newText'")]
    [InlineData("""{"path":"f.txt","edits":[{"oldText":"a","newText":"b"},{"oldText":1,"newText":"b"}]}""", "'edits[1].oldText' must be a string, received number")]
    [InlineData("""{"path":"f.txt","edits":[{"oldText":"","newText":"b"}]}""", "'edits[0].oldText' must not be empty")]
    [InlineData("""{"path":"f.txt","oldText":"a"}""", "missing required parameter 'newText'")]
    public async Task Execute_InvalidArguments_AreAnErrorResult(string arguments, string reason)
    {
        _ws.Write("f.txt", "abc");

        var result = await _ws.RunAsync(_edit, arguments);

        result.Should().Be(new ToolResult("Invalid arguments for edit: " + reason, IsError: true) { ErrorKind = ToolErrorKind.InvalidArguments });
        _ws.Read("f.txt").Should().Be("abc");
    }
}

using System.Text;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

public sealed class ReadToolTests : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private readonly ToolWorkspace _ws = new();
    private readonly ReadTool _read = new(new ToolHostSettings());

    public void Dispose() => _ws.Dispose();

    private static string Lines(int count, Func<int, string>? line = null) =>
        string.Join("\n", Enumerable.Range(1, count).Select(line ?? (i => $"line {i}")));

    [Fact]
    public async Task Execute_SmallFile_ReturnsItWhole()
    {
        // Arrange
        _ws.Write("notes.txt", "alpha\nbeta\n");

        // Act
        var result = await _ws.RunAsync(_read, """{"path":"notes.txt"}""");

        // Assert
        result.Should().Be(new ToolResult("alpha\nbeta"));
        result.Images.Should().BeEmpty();
    }

    [Fact]
    public async Task Execute_CrlfAndBom_AreNormalized()
    {
        File.WriteAllBytes(_ws.PathOf("win.txt"), [0xEF, 0xBB, 0xBF, .. "one\r\ntwo\r\n"u8.ToArray()]);

        var result = await _ws.RunAsync(_read, """{"path":"win.txt"}""");

        result.Text.Should().Be("one\ntwo");
    }

    [Fact]
    public async Task Execute_OffsetAndLimit_ShowThatPageAndTheContinuation()
    {
        _ws.Write("ten.txt", Lines(10));

        var result = await _ws.RunAsync(_read, """{"path":"ten.txt","offset":3,"limit":4}""");

        result.Should().Be(new ToolResult("line 3\nline 4\nline 5\nline 6\n\n[Showing lines 3-6 of 10. Use offset=7 to continue.]"));
    }

    [Fact]
    public async Task Execute_LastPage_HasNoContinuation()
    {
        _ws.Write("ten.txt", Lines(10));

        var result = await _ws.RunAsync(_read, """{"path":"ten.txt","offset":7,"limit":100}""");

        result.Text.Should().Be("line 7\nline 8\nline 9\nline 10");
    }

    [Fact]
    public async Task Execute_MoreThan2000Lines_StopsAt2000()
    {
        _ws.Write("long.txt", Lines(2500));

        var result = await _ws.RunAsync(_read, """{"path":"long.txt"}""");

        result.Text.Should().StartWith("line 1\n").And.EndWith("line 2000\n\n[Showing lines 1-2000 of 2500. Use offset=2001 to continue.]");
    }

    [Fact]
    public async Task Execute_LimitAbove2000_IsCappedAt2000()
    {
        _ws.Write("long.txt", Lines(2500));

        var result = await _ws.RunAsync(_read, """{"path":"long.txt","offset":2,"limit":5000}""");

        result.Text.Should().EndWith("line 2001\n\n[Showing lines 2-2001 of 2500. Use offset=2002 to continue.]");
    }

    [Fact]
    public async Task Execute_MoreThan50KB_StopsBeforeTheLineThatWouldCross()
    {
        // Arrange: 1 000 lines of 100 bytes (99 characters + newline); 512 of them fill 51 199 bytes.
        _ws.Write("wide.txt", Lines(1000, i => new string('x', 99)));

        // Act
        var result = await _ws.RunAsync(_read, """{"path":"wide.txt"}""");

        // Assert
        var page = result.Text[..result.Text.IndexOf("\n\n[", StringComparison.Ordinal)];
        Encoding.UTF8.GetByteCount(page).Should().Be((512 * 100) - 1);
        result.Text.Should().EndWith("\n\n[Showing lines 1-512 of 1000. Use offset=513 to continue.]");
    }

    [Fact]
    public async Task Execute_ByteCapCountsUtf8Bytes()
    {
        // 3-byte characters: 20 000 of them are 60 000 bytes, so only the first two lines of 10 000 fit.
        _ws.Write("wide.txt", Lines(3, _ => new string('€', 10_000)));

        var result = await _ws.RunAsync(_read, """{"path":"wide.txt"}""");

        result.Text.Should().EndWith("\n\n[Showing lines 1-1 of 3. Use offset=2 to continue.]");
    }

    [Fact]
    public async Task Execute_FirstLineLongerThan50KB_IsCutAtTheCap()
    {
        _ws.Write("minified.js", new string('a', 60_000) + "\nnext");

        var result = await _ws.RunAsync(_read, """{"path":"minified.js"}""");

        result.Text.Should().Be(new string('a', 51_200)
            + "\n\n[Line 1 is longer than 50 KB; only its first 50 KB are shown.]"
            + "\n\n[Showing lines 1-1 of 2. Use offset=2 to continue.]");
    }

    [Fact]
    public async Task Execute_OffsetBeyondTheEnd_IsAnError()
    {
        _ws.Write("ten.txt", Lines(10));

        var result = await _ws.RunAsync(_read, """{"path":"ten.txt","offset":11}""");

        result.Should().Be(new ToolResult("Offset 11 is beyond end of file (10 lines total).", IsError: true));
    }

    [Fact]
    public async Task Execute_EmptyFile_SaysSo()
    {
        _ws.Write("empty.txt", "");

        var result = await _ws.RunAsync(_read, """{"path":"empty.txt"}""");

        result.Should().Be(new ToolResult("File is empty (0 bytes)."));
    }

    [UnixFact]
    public async Task Execute_Fifo_IsNotOpened()
    {
        _ws.MakeFifo("pipe");

        var result = await _ws.RunAsync(_read, """{"path":"pipe"}""").WaitAsync(TimeSpan.FromSeconds(10));

        result.Should().Be(new ToolResult("File is empty (0 bytes)."));
    }

    [Fact]
    public async Task Execute_OnlyABom_HasNoReadableText()
    {
        File.WriteAllBytes(_ws.PathOf("bom.txt"), [0xEF, 0xBB, 0xBF]);

        var result = await _ws.RunAsync(_read, """{"path":"bom.txt"}""");

        result.Should().Be(new ToolResult("File contains no readable text (3 bytes)."));
    }

    [Fact]
    public async Task Execute_MissingFile_IsAnError()
    {
        var result = await _ws.RunAsync(_read, """{"path":"nope.txt"}""");

        result.Should().Be(new ToolResult("File not found: nope.txt", IsError: true));
    }

    [Fact]
    public async Task Execute_Directory_IsAnError()
    {
        Directory.CreateDirectory(_ws.PathOf("sub"));

        var result = await _ws.RunAsync(_read, """{"path":"sub"}""");

        result.IsError.Should().BeTrue();
        result.Text.Should().Be("Read requires a file path, but sub is a directory. List the directory, then read a specific file.");
    }

    [Theory]
    [InlineData("""{}""", "missing required parameter 'path'")]
    [InlineData("""{"path":null}""", "missing required parameter 'path'")]
    [InlineData("""{"path":7}""", "'path' must be a string, received number")]
    [InlineData("""{"path":"  "}""", "'path' must not be empty")]
    [InlineData("""{"path":"a\u0000b"}""", "'path' must not contain NUL characters")]
    [InlineData("""{"path":"a.txt","offset":0}""", "'offset' must be an integer >= 1, received 0")]
    [InlineData("""{"path":"a.txt","offset":1.5}""", "'offset' must be an integer >= 1, received 1.5")]
    [InlineData("""{"path":"a.txt","offset":"2"}""", "'offset' must be an integer >= 1, received string")]
    [InlineData("""{"path":"a.txt","limit":-1}""", "'limit' must be an integer >= 1, received -1")]
    [InlineData("""{"path":"a.txt","limit":1e400}""", "'limit' must be an integer >= 1, received 1e400")]
    [InlineData("""["a.txt"]""", "expected an object, received array")]
    public async Task Execute_InvalidArguments_AreAnErrorResult(string arguments, string reason)
    {
        _ws.Write("a.txt", "x");

        var result = await _ws.RunAsync(_read, arguments);

        result.Should().Be(new ToolResult("Invalid arguments for read: " + reason, IsError: true) { ErrorKind = ToolErrorKind.InvalidArguments });
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/gif")]
    [InlineData("image/webp")]
    public async Task Execute_ImageFile_IsReturnedAsAnImageWhateverItsName(string mimeType)
    {
        // Arrange: the name says text; the bytes decide.
        byte[] bytes = mimeType switch
        {
            "image/png" => Png,
            "image/jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8.ToArray()],
            "image/gif" => [.. "GIF89a"u8.ToArray(), 1, 0, 1, 0],
            _ => [.. "RIFF"u8.ToArray(), 4, 0, 0, 0, .. "WEBPVP8 "u8.ToArray()],
        };
        File.WriteAllBytes(_ws.PathOf("picture.txt"), bytes);

        // Act
        var result = await _ws.RunAsync(_read, """{"path":"picture.txt"}""");

        // Assert
        result.Text.Should().Be($"Read image file [{mimeType}]");
        result.IsError.Should().BeFalse();
        result.Images.Should().Equal(new ToolImage(mimeType, Convert.ToBase64String(bytes)));
    }

    [Fact]
    public async Task Execute_PdfFile_IsReadAsText_NotAsAnImage()
    {
        // Arrange: the shared sniffer knows PDF (and BMP, TIFF …); only the four image types of §5.7 are images here.
        File.WriteAllText(_ws.PathOf("doc.png"), "%PDF-1.7\nhello");

        // Act
        var result = await _ws.RunAsync(_read, """{"path":"doc.png"}""");

        // Assert
        result.Text.Should().Be("%PDF-1.7\nhello");
        result.Images.Should().BeEmpty();
    }

    [Fact]
    public async Task Execute_ImageForAModelWithoutImages_IsATextNote()
    {
        using var ws = new ToolWorkspace(modelAcceptsImages: false);
        File.WriteAllBytes(ws.PathOf("shot.png"), Png);

        var result = await ws.RunAsync(_read, """{"path":"shot.png"}""");

        result.Text.Should().Be("Read image file [image/png]\n[Current model does not support images. The image will be omitted from this request.]");
        result.Images.Should().BeEmpty();
    }

    [Fact]
    public async Task Execute_ImageOver10MiB_IsAnError()
    {
        using (var stream = File.Create(_ws.PathOf("huge.png")))
        {
            stream.Write(Png);
            stream.SetLength(ReadTool.MaxImageBytes + 1);
        }

        var result = await _ws.RunAsync(_read, """{"path":"huge.png"}""");

        result.Should().Be(new ToolResult($"Image file is too large to attach: {ReadTool.MaxImageBytes + 1} bytes (limit 10485760).", IsError: true));
    }

    [Fact]
    public async Task Execute_BytesThatOnlyLookLikeAnImageLater_AreText()
    {
        _ws.Write("doc.md", "see GIF89a and RIFF....WEBP");

        var result = await _ws.RunAsync(_read, """{"path":"doc.md"}""");

        result.Text.Should().Be("see GIF89a and RIFF....WEBP");
    }

    [Fact]
    public async Task Execute_AbsolutePathInsideTheWorkspace_IsRead()
    {
        var path = _ws.Write("a.txt", "inside");

        var result = await _ws.RunAsync(_read, Args.Of(("path", path)));

        result.Text.Should().Be("inside");
    }

    [Fact]
    public async Task Execute_CancelledToken_Throws()
    {
        _ws.Write("a.txt", "x");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = () => _ws.RunAsync(_read, """{"path":"a.txt"}""", cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}

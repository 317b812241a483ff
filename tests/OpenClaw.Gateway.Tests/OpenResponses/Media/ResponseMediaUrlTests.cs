using System.Text;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Images;
using OpenClaw.Gateway.OpenResponses.Media;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;
using static OpenClaw.Gateway.Tests.OpenResponses.Media.MediaParts;

namespace OpenClaw.Gateway.Tests.OpenResponses.Media;

/// <summary>
/// URL sources (http-api.md §6.5 steps 1 and 5) against a loopback server: fetched through the guard relaxed by
/// <see cref="LoopbackGuard"/> (names ending in <c>.test</c> reach 127.0.0.1), or refused by the production guard.
/// </summary>
public sealed class ResponseMediaUrlTests : IAsyncLifetime
{
    private static readonly ResponsesEndpointConfig Defaults = new();

    private readonly CapturingLoggerProvider _log = new();
    private ImageServer _server = null!;

    public async Task InitializeAsync() => _server = await ImageServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ReadAsync_ImageUrl_IsFetched()
    {
        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.Image, Link("/png")));

        // Assert
        media!.Images.Single().MimeType.Should().Be("image/png");
        media.Images[0].Data.ToArray().Should().Equal(TestImages.Png);
    }

    [Fact]
    public async Task ReadAsync_ImageUrlServingAPdf_IsRefused()
    {
        // Act: /pdf labels a PDF image/png.
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.Image, Link("/pdf")));

        // Assert
        media.Should().BeNull();
    }

    [Fact]
    public async Task ReadAsync_FileUrl_UsesTheContentTypeAndCharset_AndIsNamedFile()
    {
        // Arrange
        _server.Serve("/notes.md", [0x63, 0x61, 0x66, 0xE9], "text/markdown; charset=ISO-8859-1");

        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.File, Link("/notes.md")));

        // Assert
        var block = media!.FileBlocks.Single();
        block.Should().StartWith("<file name=\"file\">\n\n<<<EXTERNAL_UNTRUSTED_CONTENT id=");
        block.Should().Contain("---\ncafé\n<<<END_");
    }

    [Fact]
    public async Task ReadAsync_FileUrlWithoutContentType_PrintableText_IsPlainText()
    {
        // Arrange
        _server.Serve("/untyped", "hello from a bare server"u8.ToArray(), null);

        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.File, Link("/untyped")));

        // Assert
        media!.FileBlocks.Single().Should().Contain("---\nhello from a bare server\n<<<END_");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    public async Task ReadAsync_FileUrlServingBinary_IsRefused(string? contentType)
    {
        // Arrange
        _server.Serve("/blob", [0x7F, .. "ELF"u8, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0], contentType);

        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.File, Link("/blob")));

        // Assert
        media.Should().BeNull();
        _log.Reasons().Single().Should().Contain("the bytes are binary");
    }

    [Fact]
    public async Task ReadAsync_FileUrlTypeNotAllowed_IsRefused()
    {
        // Arrange
        _server.Serve("/page.xml", "<a/>"u8.ToArray(), "application/xml");

        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.File, Link("/page.xml")));

        // Assert
        media.Should().BeNull();
        _log.Reasons().Single().Should().EndWith("Unsupported file MIME type: application/xml");
    }

    [Fact]
    public async Task ReadAsync_ContentLengthOverFilesMaxBytes_IsRefusedBeforeReading()
    {
        // Arrange
        var config = Defaults with { Files = Defaults.Files with { MaxBytes = 100 } };
        _server.Serve("/big.txt", Encoding.ASCII.GetBytes(new string('x', 101)), "text/plain");

        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), config, Url(ResponseMediaKind.File, Link("/big.txt")));

        // Assert
        media.Should().BeNull();
        _log.Reasons().Single().Should().Contain("Content-Length 101 over the 100-byte cap");
    }

    [Fact]
    public async Task ReadAsync_ErrorStatus_IsRefused()
    {
        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.File, Link("/missing")));

        // Assert
        media.Should().BeNull();
        _log.Reasons().Single().Should().EndWith("input_file URL fetch failed: status 404");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/png")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("file:///etc/passwd")]
    public async Task ReadAsync_BlockedUrl_IsRefusedWithoutARequest(string url)
    {
        // Act: the production guard.
        var media = await ReadAsync(RemoteFetchGuard.Default, Defaults, Url(ResponseMediaKind.Image, url.Replace("{port}", Port, StringComparison.Ordinal)));

        // Assert
        media.Should().BeNull();
        _log.Reasons().Single().Should().StartWith("openresponses: request parsing failed: input_image URL fetch failed:");
        _server.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task ReadAsync_HostOutsideTheUrlAllowlist_IsRefusedWithoutARequest()
    {
        // Arrange
        var config = Defaults with { Files = Defaults.Files with { UrlAllowlist = ["*.docs.test"] } };
        _server.Serve("/a.txt", "a"u8.ToArray(), "text/plain");

        // Act
        var refused = await ReadAsync(LoopbackGuard.Create(), config, Url(ResponseMediaKind.File, Link("/a.txt", "docs.test")));
        var allowed = await ReadAsync(LoopbackGuard.Create(), config, Url(ResponseMediaKind.File, Link("/a.txt", "cdn.docs.test")));

        // Assert
        refused.Should().BeNull();
        _log.Reasons().Single().Should().Contain("urlAllowlist");
        allowed.Should().NotBeNull();
        _server.Hits.Should().Equal("/a.txt");
    }

    [Fact]
    public async Task ReadAsync_RedirectToABlockedHost_IsNotFollowed()
    {
        // Arrange
        var target = Uri.EscapeDataString($"http://127.0.0.2:{Port}/png");

        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), Defaults, Url(ResponseMediaKind.Image, Link($"/to?location={target}")));

        // Assert
        media.Should().BeNull();
        _server.Hits.Should().Equal("/to");
    }

    [Theory]
    [InlineData(8, 8, true)]
    [InlineData(9, 8, false)]
    [InlineData(1, 0, false)]
    [InlineData(0, 0, true)]
    [InlineData(9, -1, false)]
    public async Task ReadAsync_UrlSourceCount_IsCheckedAgainstMaxUrlPartsBeforeAnyFetch(int urlSources, int maxUrlParts, bool accepted)
    {
        // Arrange: the count covers every message; the active one has one URL part whenever the count allows one.
        var config = Defaults with { MaxUrlParts = maxUrlParts };
        ResponseMediaPart[] parts = urlSources > 0 ? [Url(ResponseMediaKind.Image, Link("/png"))] : [];

        // Act
        var media = await ReaderFor(LoopbackGuard.Create()).ReadAsync(urlSources, parts, config, CancellationToken.None);

        // Assert
        (media is not null).Should().Be(accepted);
        if (!accepted)
        {
            _log.Reasons().Single().Should().StartWith($"openresponses: request parsing failed: Too many URL-based input sources: {urlSources} (limit: {(maxUrlParts < 0 ? 8 : maxUrlParts)})");
            _server.Hits.Should().BeEmpty();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_AllowUrlOff_RefusesThatKindWithoutARequest(bool image)
    {
        // Arrange
        var config = Defaults with { Images = Defaults.Images with { AllowUrl = !image }, Files = Defaults.Files with { AllowUrl = image } };
        var kind = image ? ResponseMediaKind.Image : ResponseMediaKind.File;
        _server.Serve("/a.txt", "a"u8.ToArray(), "text/plain");

        // Act
        var media = await ReadAsync(LoopbackGuard.Create(), config, Url(kind, Link(image ? "/png" : "/a.txt")));

        // Assert
        media.Should().BeNull();
        _log.Reasons().Single().Should().EndWith($"{(image ? "input_image" : "input_file")} URL sources are disabled by config");
        _server.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task ReadAsync_CancelledDuringAFetch_AbortsIt()
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        var reader = ReaderFor(LoopbackGuard.Create());
        var read = reader.ReadAsync(1, [Url(ResponseMediaKind.File, Link("/slow"))], Defaults, cancellation.Token);
        await Eventually.TrueAsync(() => Task.FromResult(_server.Hits.Contains("/slow")));

        // Act
        await cancellation.CancelAsync();

        // Assert
        await FluentActions.Awaiting(() => read).Should().ThrowAsync<OperationCanceledException>();
        _log.Reasons().Should().BeEmpty();
    }

    private string Port => _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Link(string pathAndQuery, string host = "media.test") => _server.Url(pathAndQuery, host).ToString();

    private ResponseMediaReader ReaderFor(RemoteFetchGuard guard) => Reader(guard, _log).Reader;

    private Task<ResponseMedia?> ReadAsync(RemoteFetchGuard guard, ResponsesEndpointConfig config, params ResponseMediaPart[] parts) =>
        ReaderFor(guard).ReadAsync(parts.Length, parts, config, CancellationToken.None);
}

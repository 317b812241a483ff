using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Images;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Images;

/// <summary>The caps across images (http-api.md §4.6), beyond what one 20 MiB request body can carry inline.</summary>
public sealed class ImageInputReaderTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    private ImageServer _server = null!;

    public async Task InitializeAsync() => _server = await ImageServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ReadAsync_TotalOf20MiB_IsAccepted()
    {
        // Act
        var images = await ReadAsync(new ImageInputConfig(), TestImages.DataUri(TestImages.PngOfSize(10 * MiB)), TestImages.DataUri(TestImages.PngOfSize(10 * MiB)));

        // Assert
        images.Should().NotBeNull();
        images!.Select(i => i.Data.Length).Should().Equal(10 * MiB, 10 * MiB);
    }

    [Fact]
    public async Task ReadAsync_TotalOver20MiB_IsRejected()
    {
        // Act
        var images = await ReadAsync(new ImageInputConfig(), [.. Enumerable.Repeat(TestImages.DataUri(TestImages.PngOfSize(7 * MiB)), 3)]);

        // Assert
        images.Should().BeNull();
    }

    [Fact]
    public async Task ReadAsync_RemoteImage_CountsTowardsTheTotal()
    {
        // Arrange: 10 MiB inline leaves 10 MiB; the remote one is a byte more.
        var limits = new ImageInputConfig { AllowUrl = true };
        var inline = TestImages.DataUri(TestImages.PngOfSize(10 * MiB));

        // Act
        var over = await ReadAsync(limits, inline, _server.Url($"/size/{(10 * MiB) + 1}?chunked").ToString());
        var fits = await ReadAsync(limits, inline, _server.Url($"/size/{10 * MiB}").ToString());

        // Assert
        over.Should().BeNull();
        fits.Should().NotBeNull();
        fits!.Select(i => i.MimeType).Should().Equal("image/png", "image/png");
    }

    [Fact]
    public async Task ReadAsync_RemotePdfServedAsPng_IsSniffedAndRejected()
    {
        // Act
        var images = await ReadAsync(new ImageInputConfig { AllowUrl = true }, _server.Url("/pdf").ToString());

        // Assert
        images.Should().BeNull();
        _server.Hits.Should().Equal("/pdf");
    }

    [Fact]
    public async Task ReadAsync_InvalidInlineImage_RejectsBeforeFetchingAnything()
    {
        // Act
        var images = await ReadAsync(new ImageInputConfig { AllowUrl = true }, _server.Url("/png").ToString(), "data:image/png;base64,@@@");

        // Assert
        images.Should().BeNull();
        _server.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task ReadAsync_KeepsTheOrderOfInlineAndRemoteImages()
    {
        // Act
        var images = await ReadAsync(
            new ImageInputConfig { AllowUrl = true }, TestImages.DataUri(TestImages.Gif, "image/gif"), _server.Url("/png").ToString(), TestImages.DataUri(TestImages.Jpeg));

        // Assert
        images!.Select(i => i.MimeType).Should().Equal("image/gif", "image/png", "image/jpeg");
        images![1].Data.ToArray().Should().Equal(TestImages.Png);
    }

    /// <summary>Reads <paramref name="urls"/> as JSON strings, with a guard that lets the loopback server through.</summary>
    private static async Task<IReadOnlyList<RunImage>?> ReadAsync(ImageInputConfig limits, params string[] urls)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(urls));
        using var fetcher = new RemoteMediaFetcher(LoopbackGuard.Create(), NullLogger<RemoteMediaFetcher>.Instance);
        var reader = new ImageInputReader(fetcher, NullLogger<ImageInputReader>.Instance);
        return await reader.ReadAsync([.. document.RootElement.EnumerateArray()], limits, CancellationToken.None);
    }
}

using OpenClaw.Core.Images;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Images;

public sealed class ImageSnifferTests
{
    public static TheoryData<string, byte[], string?> Samples => new()
    {
        { "png", TestImages.Png, "image/png" },
        { "jpeg", TestImages.Jpeg, "image/jpeg" },
        { "gif", TestImages.Gif, "image/gif" },
        { "gif87a", [.. "GIF87a"u8, 0, 0], "image/gif" },
        { "webp", TestImages.Webp, "image/webp" },
        { "heic", TestImages.Ftyp("heic"), "image/heic" },
        { "heic sequence", TestImages.Ftyp("hevc"), "image/heic" },
        { "heif", TestImages.Ftyp("mif1"), "image/heif" },
        { "heif sequence", TestImages.Ftyp("msf1"), "image/heif" },
        { "avif", TestImages.Ftyp("avif"), "image/avif" },
        { "mp4", TestImages.Ftyp("isom"), null },
        { "pdf", TestImages.Pdf, "application/pdf" },
        { "bmp", TestImages.Bmp, "image/bmp" },
        { "tiff", TestImages.Tiff, "image/tiff" },
        { "tiff big-endian", [.. "MM"u8, 0x00, 0x2A, 0, 0, 0, 8], "image/tiff" },
        { "ico", [0x00, 0x00, 0x01, 0x00, 0x01, 0x00, .. new byte[16]], "image/x-icon" },
        { "svg", TestImages.Svg, null },
        { "text", "hello world"u8.ToArray(), null },
        { "empty", [], null },
        { "riff but wave", [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVEfmt "u8], null },
        { "truncated png signature", [0x89, (byte)'P', (byte)'N', (byte)'G'], null },
        { "apng", AnimatedPng(), "image/apng" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sniff_KnowsTheTypeFromTheBytes(string name, byte[] bytes, string? expected)
    {
        // Act
        var mime = ImageSniffer.Sniff(bytes);

        // Assert
        mime.Should().Be(expected, name);
    }

    /// <summary>The PNG signature and IHDR of the sample, then an <c>acTL</c> chunk.</summary>
    private static byte[] AnimatedPng() => [.. TestImages.Png.AsSpan(0, 33), 0, 0, 0, 8, .. "acTL"u8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
}

using System.Buffers.Binary;

namespace OpenClaw.Core.Images;

/// <summary>
/// The type of a file from its first bytes, never from what the sender claims (http-api.md §4.6): the image formats
/// a model may take, plus the few that must be told apart from them (a PDF labelled <c>image/png</c> is a PDF).
/// SVG is text and sniffs as nothing. The one sniffer for images from clients (HTTP and WebSocket) and for files the
/// <c>read</c> tool opens.
/// </summary>
public static class ImageSniffer
{
    /// <summary>Leading bytes that tell every type apart, except an animated PNG (its <c>acTL</c> chunk comes later).</summary>
    public const int HeaderLength = 12;

    /// <summary>The sniffed MIME type, or null when the bytes are of no type this gateway recognizes.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => IsAnimatedPng(bytes) ? "image/apng" : "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', _, _, _, _, ..] => IsoMediaBrand(bytes[8..12]),
        [(byte)'B', (byte)'M', ..] when bytes.Length >= 26 => "image/bmp",
        [(byte)'I', (byte)'I', 0x2A, 0x00, ..] or [(byte)'M', (byte)'M', 0x00, 0x2A, ..] => "image/tiff",
        [0x00, 0x00, 0x01, 0x00, ..] when bytes.Length >= 22 => "image/x-icon",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => "application/pdf",
        _ => null,
    };

    /// <summary>HEIF-family brands; a sequence is reported as its still-image type, as the original does.</summary>
    private static string? IsoMediaBrand(ReadOnlySpan<byte> brand) => brand switch
    {
        _ when brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8) => "image/heic",
        _ when brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) => "image/heif",
        _ when brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8) => "image/avif",
        _ => null,
    };

    /// <summary>An <c>acTL</c> chunk before the first <c>IDAT</c> makes a PNG an animated one.</summary>
    private static bool IsAnimatedPng(ReadOnlySpan<byte> bytes)
    {
        var offset = 8;
        while (offset + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);
            var type = bytes.Slice(offset + 4, 4);
            if (type.SequenceEqual("acTL"u8))
            {
                return true;
            }

            if (type.SequenceEqual("IDAT"u8) || length > int.MaxValue - 12 - offset)
            {
                return false;
            }

            offset += 12 + (int)length;
        }

        return false;
    }
}

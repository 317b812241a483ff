using System.Globalization;
using System.Text;
using OpenClaw.Core.Images;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// What an <c>input_file</c> really is (http-api.md §6.5 step 4), the declared type checked against the bytes:
/// <list type="bullet">
/// <item>bytes that start like a PDF are <c>application/pdf</c>, whatever was declared;</item>
/// <item>bytes of another recognized binary format (an image, a ZIP or gzip archive) are refused: they carry no text;</item>
/// <item>a declared PDF, image, audio or video type whose bytes are none of those is refused;</item>
/// <item>otherwise the bytes must read as text (a byte-order mark, else the declared charset, else UTF-8, else
///   windows-1252): no NUL, no invalid sequence in the declared decoder, and at least 90 % printable characters in
///   the first 4 KiB; binary bytes are refused whatever was declared;</item>
/// <item>text keeps its declared type (<c>text/csv</c>, <c>application/json</c> …); no type, or
///   <c>application/octet-stream</c>, is <c>text/plain</c>.</item>
/// </list>
/// The caller then checks the type against <c>files.allowedMimes</c>.
/// </summary>
internal static class FileContentSniffer
{
    public const string Pdf = "application/pdf";

    private const int SampleLength = 4096;
    private const double MinPrintableShare = 0.9;

    /// <summary>The effective type and, for text, its decoder; or why the bytes are refused.</summary>
    public static (string? Mime, Encoding? Encoding, string? Refusal) Resolve(ReadOnlySpan<byte> bytes, MediaType? declared)
    {
        var declaredMime = declared?.Mime;
        var signature = ImageSniffer.Sniff(bytes) ?? ArchiveSignature(bytes);
        if (signature == Pdf)
        {
            return (Pdf, null, null);
        }

        if (signature is not null)
        {
            return (null, null, $"the bytes are {signature}, which has no text to read");
        }

        if (declaredMime is Pdf || (declaredMime?.Split('/')[0] is "image" or "audio" or "video"))
        {
            return (null, null, $"declared {declaredMime} but the bytes are not {declaredMime}");
        }

        if (ReadAsText(bytes, declared?.Charset) is not { } encoding)
        {
            return (null, null, $"the bytes are binary, not {declaredMime ?? "text"}");
        }

        return (declaredMime is null or "application/octet-stream" ? "text/plain" : declaredMime, encoding, null);
    }

    /// <summary>The decoder that reads the bytes as text, or null when they are not text.</summary>
    internal static Encoding? ReadAsText(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (TextCharsets.ByteOrderMark(bytes) is var (marked, length))
        {
            return IsText(marked, bytes[length..]) ? marked : null;
        }

        var declared = TextCharsets.Resolve(charset);
        if (declared is not null && declared.CodePage != TextCharsets.Utf8.CodePage)
        {
            return IsText(declared, bytes) ? declared : null;
        }

        if (IsText(new UTF8Encoding(false, throwOnInvalidBytes: true), bytes))
        {
            return TextCharsets.Utf8;
        }

        // Not well-formed UTF-8: text in UTF-8 with a few bad bytes when a charset says UTF-8, else legacy single-byte text.
        var fallback = declared ?? TextCharsets.Windows1252;
        return IsText(fallback, bytes) ? fallback : null;
    }

    private static string? ArchiveSignature(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [(byte)'P', (byte)'K', 3, 4, ..] or [(byte)'P', (byte)'K', 5, 6, ..] or [(byte)'P', (byte)'K', 7, 8, ..] => "application/zip",
        [0x1F, 0x8B, ..] => "application/gzip",
        _ => null,
    };

    /// <summary>Decodes the first 4 KiB (not cutting a character at its end) and weighs what came out.</summary>
    private static bool IsText(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        var sample = bytes.Length > SampleLength ? bytes[..SampleLength] : bytes;
        string text;
        try
        {
            var decoder = encoding.GetDecoder();
            var chars = new char[encoding.GetMaxCharCount(sample.Length)];
            var count = decoder.GetChars(sample, chars, flush: sample.Length == bytes.Length);
            text = new string(chars, 0, count);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var total = 0;
        var printable = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0)
            {
                return false;
            }

            total++;
            if (rune.Value is '\t' or '\n' or '\r' or '\f' || (rune.Value != 0xFFFD && Rune.GetUnicodeCategory(rune) != UnicodeCategory.Control))
            {
                printable++;
            }
        }

        return total == 0 || printable >= total * MinPrintableShare;
    }
}

using System.Text;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// The decoder for a <c>charset</c> label, as a browser's <c>TextDecoder</c> chooses it: <c>ascii</c> and
/// <c>iso-8859-1</c> mean windows-1252, <c>utf-16</c> means little-endian, and a label nobody knows means UTF-8.
/// Every decoder replaces invalid bytes with U+FFFD rather than throwing.
/// </summary>
internal static class TextCharsets
{
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static readonly Encoding Utf16LittleEndian = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false);

    public static readonly Encoding Utf16BigEndian = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false);

    public static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>The decoder for <paramref name="label"/>, or null when the label is absent or unknown.</summary>
    public static Encoding? Resolve(string? label)
    {
        switch (label?.Trim().ToLowerInvariant())
        {
            case null or "":
                return null;
            case "utf-8" or "utf8" or "unicode-1-1-utf-8":
                return Utf8;
            case "utf-16" or "utf-16le" or "unicode":
                return Utf16LittleEndian;
            case "utf-16be" or "unicodefffe":
                return Utf16BigEndian;
            case "ascii" or "us-ascii" or "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "cp1252" or "windows-1252" or "x-cp1252":
                return Windows1252;
            case { } other:
                try
                {
                    return Encoding.GetEncoding(other);
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
                {
                    return CodePagesEncodingProvider.Instance.GetEncoding(other);
                }
        }
    }

    /// <summary>The byte-order mark at the start of <paramref name="bytes"/> and the decoder it names, if any.</summary>
    public static (Encoding Encoding, int Length)? ByteOrderMark(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (Utf8, 3),
        [0xFF, 0xFE, ..] => (Utf16LittleEndian, 2),
        [0xFE, 0xFF, ..] => (Utf16BigEndian, 2),
        _ => null,
    };
}

using System.Text;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// The text of a text file (http-api.md §6.5 step 6): decoded chunk by chunk only as far as needed, a byte-order
/// mark dropped, then cut to <c>maxChars</c> UTF-16 code units without splitting a surrogate pair.
/// </summary>
internal static class TextFileDecoder
{
    private const int ChunkBytes = 16 * 1024;

    public static string Decode(ReadOnlySpan<byte> bytes, Encoding encoding, int maxChars)
    {
        if (TextCharsets.ByteOrderMark(bytes) is var (_, length))
        {
            bytes = bytes[length..];
        }

        var decoder = encoding.GetDecoder();
        var buffer = new char[encoding.GetMaxCharCount(ChunkBytes)];
        var text = new StringBuilder();
        for (var offset = 0; offset < bytes.Length && text.Length <= maxChars; offset += ChunkBytes)
        {
            var chunk = bytes.Slice(offset, Math.Min(ChunkBytes, bytes.Length - offset));
            var count = decoder.GetChars(chunk, buffer, flush: offset + chunk.Length == bytes.Length);
            text.Append(buffer, 0, count);
        }

        return Cut(text, maxChars);
    }

    /// <summary>At most <paramref name="maxChars"/> code units, one fewer when the cut would leave half a pair.</summary>
    public static string Cut(StringBuilder text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text.ToString();
        }

        var length = maxChars > 0 && char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return text.ToString(0, length);
    }
}

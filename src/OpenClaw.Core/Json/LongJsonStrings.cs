using System.Text.Json;

namespace OpenClaw.Core.Json;

/// <summary>
/// Writes possibly huge text (a 20 MiB prompt, a long tool result) into a <see cref="Utf8JsonWriter"/> in slices.
/// Written whole, the writer first asks its buffer for room for the worst case (three bytes per character, six when
/// escaped) and so makes its output grow to several times the text's size; in slices it asks for little at a time.
/// </summary>
public static class LongJsonStrings
{
    /// <summary>Characters per slice; shorter text is written in one go.</summary>
    public const int SliceChars = 16 * 1024;

    public static void WriteLongString(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= SliceChars)
        {
            writer.WriteString(propertyName, value);
            return;
        }

        writer.WritePropertyName(propertyName);
        writer.WriteLongStringValue(value);
    }

    public static void WriteLongStringValue(this Utf8JsonWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= SliceChars)
        {
            writer.WriteStringValue(value);
            return;
        }

        var rest = value.AsSpan();
        while (rest.Length > SliceChars)
        {
            // A slice never ends between the two halves of a surrogate pair.
            var length = char.IsHighSurrogate(rest[SliceChars - 1]) ? SliceChars - 1 : SliceChars;
            writer.WriteStringValueSegment(rest[..length], isFinalSegment: false);
            rest = rest[length..];
        }

        writer.WriteStringValueSegment(rest, isFinalSegment: true);
    }

    /// <summary>Writes <paramref name="text"/> as one JSON string, its UTF-8 pieces in slices.</summary>
    public static void WritePromptText(this Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, Prompt.PromptText text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(propertyName);
        writer.WritePromptTextValue(text);
    }

    public static void WritePromptTextValue(this Utf8JsonWriter writer, Prompt.PromptText text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(text);
        if (text.Pieces.Count == 0)
        {
            writer.WriteStringValue(""u8);
            return;
        }

        for (var p = 0; p < text.Pieces.Count; p++)
        {
            var rest = text.Pieces[p].Span;
            while (rest.Length > SliceChars)
            {
                // A slice never ends inside a multi-byte sequence: back off continuation bytes (10xxxxxx).
                var length = SliceChars;
                while (length > 0 && (rest[length] & 0xC0) == 0x80)
                {
                    length--;
                }

                // Pieces are valid UTF-8 by contract; bytes that are not must still not stall the loop.
                length = length == 0 ? SliceChars : length;

                writer.WriteStringValueSegment(rest[..length], isFinalSegment: false);
                rest = rest[length..];
            }

            writer.WriteStringValueSegment(rest, isFinalSegment: p == text.Pieces.Count - 1);
        }
    }
}

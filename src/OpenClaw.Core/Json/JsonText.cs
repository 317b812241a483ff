using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Core.Json;

/// <summary>
/// The one way request readers take text out of a parsed request. <see cref="JsonDocument"/> accepts strings and
/// property names holding invalid UTF-8 bytes or lone surrogate escapes (<c>"x\ud800y"</c>, what a JavaScript client
/// sends after cutting a string inside an emoji), then throws <see cref="InvalidOperationException"/> when one is
/// read: <c>GetString</c>, <c>ValueEquals</c>, <c>JsonProperty.Name</c>, <c>WriteTo</c>, and even
/// <c>TryGetProperty</c> as it passes such a name. Nothing here throws: it reads the raw bytes
/// (<see cref="JsonMarshal"/>) and decides itself.
/// </summary>
public static class JsonText
{
    /// <summary>What is wrong with text that fails the strict read, for error messages.</summary>
    public const string Fault = "invalid UTF-8 or a lone surrogate";

    /// <summary>The string's text, or false when the element is not a string or its text is not well-formed.</summary>
    public static bool TryGetString(JsonElement element, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.String || !JsonStringDecoder.TryDecode(Content(element), lenient: false, out var text))
        {
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>
    /// The string's text with each invalid UTF-8 sequence and each lone surrogate replaced by U+FFFD (as the Node
    /// gateway decodes a body); <c>""</c> when the element is not a string. For message text only: elsewhere
    /// invalid text is the caller's error (<see cref="TryGetString"/>).
    /// </summary>
    public static string GetLenientString(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return "";
        }

        JsonStringDecoder.TryDecode(Content(element), lenient: true, out var text);
        return text;
    }

    /// <summary>
    /// The string's text as UTF-8, leniently (as <see cref="GetLenientString"/>): when the raw content has no escape
    /// and is well-formed, a slice of <paramref name="document"/> (the memory the document was parsed from) and no
    /// copy; otherwise unescaped into new bytes. Empty when the element is not a string.
    /// </summary>
    public static ReadOnlyMemory<byte> GetLenientUtf8(JsonElement element, ReadOnlyMemory<byte> document)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var content = Content(element);
        if (content.IndexOf((byte)'\\') < 0 && System.Text.Unicode.Utf8.IsValid(content))
        {
            return SliceOrCopy(document, content);
        }

        if (JsonStringDecoder.IsValid(content))
        {
            // Escapes only: unescaped straight to UTF-8 (never longer than the escaped form).
            var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(element));
            reader.Read();
            var buffer = GC.AllocateUninitializedArray<byte>(content.Length);
            return buffer.AsMemory(0, reader.CopyString(buffer));
        }

        return Encoding.UTF8.GetBytes(GetLenientString(element));
    }

    /// <summary>
    /// The element's JSON as sent, as UTF-8: a slice of <paramref name="document"/> when it is well-formed, else with
    /// its faults replaced by U+FFFD (as <see cref="GetLenientRawText"/>).
    /// </summary>
    public static ReadOnlyMemory<byte> GetLenientRawUtf8(JsonElement element, ReadOnlyMemory<byte> document)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        return System.Text.Unicode.Utf8.IsValid(raw) ? SliceOrCopy(document, raw) : Encoding.UTF8.GetBytes(GetLenientRawText(element));
    }

    /// <summary>The same bytes as memory: a slice of <paramref name="document"/> when they lie in it, else a copy.</summary>
    private static ReadOnlyMemory<byte> SliceOrCopy(ReadOnlyMemory<byte> document, ReadOnlySpan<byte> bytes) =>
        document.Span.Overlaps(bytes, out var offset) && offset >= 0 && offset + bytes.Length <= document.Length
            ? document.Slice(offset, bytes.Length)
            : bytes.ToArray();

    /// <summary>True for a string whose text is well-formed; allocates nothing.</summary>
    public static bool IsValid(JsonElement element) =>
        element.ValueKind == JsonValueKind.String && JsonStringDecoder.IsValid(Content(element));

    /// <summary>True for a string whose text equals <paramref name="utf8"/>; any other element, or invalid text, is not equal.</summary>
    public static bool ValueEquals(JsonElement element, ReadOnlySpan<byte> utf8)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var content = Content(element);
        if (content.IndexOf((byte)'\\') < 0)
        {
            return content.SequenceEqual(utf8);
        }

        // Escaped text (rare in practice) is compared after decoding.
        return TryGetString(element, out var text) && Encoding.UTF8.GetString(utf8) == text;
    }

    /// <summary>The element's JSON as sent, with invalid UTF-8 replaced by U+FFFD (escapes stay as written).</summary>
    public static string GetLenientRawText(JsonElement element) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(element));

    /// <summary>True when the property's name is well-formed text; allocates nothing.</summary>
    public static bool IsValidName(JsonProperty property) => JsonStringDecoder.IsValid(JsonMarshal.GetRawUtf8PropertyName(property));

    /// <summary>The property's name with its faults replaced by U+FFFD, for naming it in an error.</summary>
    public static string GetLenientName(JsonProperty property)
    {
        JsonStringDecoder.TryDecode(JsonMarshal.GetRawUtf8PropertyName(property), lenient: true, out var name);
        return name;
    }

    /// <summary>
    /// The dotted path (<c>messages.0.x�</c>) of the first property under <paramref name="element"/> whose name is
    /// not well-formed text, the name's faults shown as U+FFFD; null when there is none. Once this is null,
    /// <c>TryGetProperty</c> and <c>JsonProperty.Name</c> cannot throw anywhere in the tree. String values are not
    /// looked at.
    /// </summary>
    public static string? FindInvalidPropertyName(JsonElement element) => Find(element, values: false);

    /// <summary>
    /// Like <see cref="FindInvalidPropertyName"/>, and string values too: the path of the first name or string that
    /// is not well-formed text (<c>""</c> when <paramref name="element"/> is that string), or null when the whole
    /// tree can be read and written without a fault.
    /// </summary>
    public static string? FindInvalidText(JsonElement element) => Find(element, values: true);

    private static string? Find(JsonElement element, bool values)
    {
        Stack<string>? trail = null;
        return TryFind(element, values, ref trail) ? string.Join('.', trail!) : null;
    }

    /// <summary>
    /// Depth-first. The trail is created only on a find and filled while unwinding, so it reads root first and a
    /// clean tree allocates nothing. Depth is bounded by the parser's <c>MaxDepth</c> (64 by default).
    /// </summary>
    private static bool TryFind(JsonElement element, bool values, ref Stack<string>? trail)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (values && !JsonStringDecoder.IsValid(Content(element)))
                {
                    trail = new Stack<string>();
                    return true;
                }

                return false;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (TryFind(item, values, ref trail))
                    {
                        trail!.Push(index.ToString(CultureInfo.InvariantCulture));
                        return true;
                    }

                    index++;
                }

                return false;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsValidName(property))
                    {
                        trail = new Stack<string>();
                        trail.Push(GetLenientName(property));
                        return true;
                    }

                    if (TryFind(property.Value, values, ref trail))
                    {
                        // The name was just checked: reading it cannot throw.
                        trail!.Push(property.Name);
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>A string's raw content between its quotes, escapes as written.</summary>
    private static ReadOnlySpan<byte> Content(JsonElement element) => JsonMarshal.GetRawUtf8Value(element)[1..^1];
}

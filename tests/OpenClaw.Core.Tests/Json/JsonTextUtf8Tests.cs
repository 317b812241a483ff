using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using OpenClaw.Core.Json;

namespace OpenClaw.Core.Tests.Json;

/// <summary><see cref="JsonText.GetLenientUtf8"/> and <see cref="JsonText.GetLenientRawUtf8"/>: slices of the body where they can be.</summary>
public sealed class JsonTextUtf8Tests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("héllo wörld € 😀 中文")]
    public void GetLenientUtf8_ValidTextWithoutEscapes_IsASliceOfTheDocument(string text)
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes($$"""{"a":1,"content":"{{text}}"}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var utf8 = JsonText.GetLenientUtf8(document.RootElement.GetProperty("content"), body);

        // Assert
        Encoding.UTF8.GetString(utf8.Span).Should().Be(text);
        MemoryMarshal.TryGetArray(utf8, out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(body, "no copy is made");
        segment.Offset.Should().Be(Encoding.UTF8.GetByteCount("{\"a\":1,\"content\":\""));
    }

    [Fact]
    public void GetLenientUtf8_DocumentGivenAsASlice_IsASliceOfThatMemory()
    {
        // Arrange: the document is the middle of a larger buffer (a pooled read, a body after a prefix)
        var buffer = Encoding.UTF8.GetBytes("garbage{\"content\":\"in the middle\"}more");
        var memory = buffer.AsMemory(7, buffer.Length - 11);
        using var document = JsonDocument.Parse(memory);

        // Act
        var utf8 = JsonText.GetLenientUtf8(document.RootElement.GetProperty("content"), memory);

        // Assert
        Encoding.UTF8.GetString(utf8.Span).Should().Be("in the middle");
        utf8.Span.Overlaps(memory.Span).Should().BeTrue();
        MemoryMarshal.TryGetArray(utf8, out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(buffer);
        segment.Offset.Should().Be(19);
    }

    [Theory]
    [InlineData("a\\nb\\t\\\"q\\\"\\\\\\/", "a\nb\t\"q\"\\/")]
    [InlineData("h\\u00e9 \\u20ac", "h\u00e9 \u20ac")]
    [InlineData("\\ud83d\\ude00", "\U0001F600")]
    [InlineData("x\\u0000y", "x\0y")]
    [InlineData("é\\né", "é\né")]
    public void GetLenientUtf8_Escapes_AreUnescaped(string content, string expected)
    {
        // Arrange
        var body = Bytes($"\"{content}\"");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var utf8 = JsonText.GetLenientUtf8(document.RootElement, body);

        // Assert
        Encoding.UTF8.GetString(utf8.Span).Should().Be(expected);
        utf8.Span.Overlaps(body).Should().BeFalse("unescaped text is new bytes");
    }

    [Theory]
    [InlineData("<FF>", "\uFFFD")]
    [InlineData("a<C0><AF>b", "a\uFFFD\uFFFDb")]
    [InlineData("a<E2><82>", "a\uFFFD")]
    [InlineData("<ED><A0><80>", "\uFFFD\uFFFD\uFFFD")]
    [InlineData("x\\ud800y", "x\uFFFDy")]
    [InlineData("\\udc00", "\uFFFD")]
    [InlineData("\\ud83d\\ude00\\ud83d", "\U0001F600\uFFFD")]
    [InlineData("<FF>\\n", "\uFFFD\n")]
    public void GetLenientUtf8_InvalidText_HasReplacementCharacters(string content, string expected)
    {
        // Arrange
        var body = Bytes($"\"{content}\"");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var utf8 = JsonText.GetLenientUtf8(document.RootElement, body);

        // Assert
        Encoding.UTF8.GetString(utf8.Span).Should().Be(expected);
        System.Text.Unicode.Utf8.IsValid(utf8.Span).Should().BeTrue();
        JsonText.GetLenientString(document.RootElement).Should().Be(expected);
    }

    [Fact]
    public void GetLenientUtf8_DocumentThatDoesNotHoldTheElement_IsACopy()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("\"plain text\"");
        using var document = JsonDocument.Parse(body.AsMemory());
        var other = Encoding.UTF8.GetBytes("\"plain text\"");

        // Act
        var unrelated = JsonText.GetLenientUtf8(document.RootElement, other);
        var none = JsonText.GetLenientUtf8(document.RootElement, default);

        // Assert
        foreach (var utf8 in new[] { unrelated, none })
        {
            Encoding.UTF8.GetString(utf8.Span).Should().Be("plain text");
            utf8.Span.Overlaps(body).Should().BeFalse();
            utf8.Span.Overlaps(other).Should().BeFalse();
        }
    }

    [Fact]
    public void GetLenientUtf8_DocumentParsedFromAString_IsACopy()
    {
        // Arrange: the parser's own buffer, not the memory passed in
        var body = Encoding.UTF8.GetBytes("\"text\"");
        using var document = JsonDocument.Parse("\"text\"");

        // Act
        var utf8 = JsonText.GetLenientUtf8(document.RootElement, body);

        // Assert
        Encoding.UTF8.GetString(utf8.Span).Should().Be("text");
        utf8.Span.Overlaps(body).Should().BeFalse();
    }

    [Fact]
    public void GetLenientUtf8_EmptyString_IsEmpty()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("""{"content":""}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act + Assert
        JsonText.GetLenientUtf8(document.RootElement.GetProperty("content"), body).IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{\"a\":\"b\"}")]
    [InlineData("[\"x\"]")]
    public void GetLenientUtf8_NotAString_IsEmpty(string json)
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act + Assert
        JsonText.GetLenientUtf8(document.RootElement, body).IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"city":"Paris","n":[1,2.5,null]}""")]
    [InlineData("\"a\\nb\"")]
    [InlineData("123")]
    [InlineData("""{"é":"€😀"}""")]
    public void GetLenientRawUtf8_WellFormed_IsASliceAsWritten(string json)
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes($$"""{"arguments":{{json}}}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var utf8 = JsonText.GetLenientRawUtf8(document.RootElement.GetProperty("arguments"), body);

        // Assert
        Encoding.UTF8.GetString(utf8.Span).Should().Be(json);
        MemoryMarshal.TryGetArray(utf8, out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(body);
    }

    [Fact]
    public void GetLenientRawUtf8_InvalidUtf8_IsACopyWithReplacementCharacters()
    {
        // Arrange
        var body = Bytes("""{"arguments":{"city":"<C0><AF>","ok":"\ud800"}}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var utf8 = JsonText.GetLenientRawUtf8(document.RootElement.GetProperty("arguments"), body);

        // Assert: escapes stay as written; raw faults become U+FFFD
        Encoding.UTF8.GetString(utf8.Span).Should().Be("{\"city\":\"\uFFFD\uFFFD\",\"ok\":\"\\ud800\"}");
        utf8.Span.Overlaps(body).Should().BeFalse();
    }

    [Fact]
    public void GetLenientRawUtf8_DocumentThatDoesNotHoldTheElement_IsACopy()
    {
        // Arrange
        using var document = JsonDocument.Parse("""{"a":[1,2]}""");
        var body = Encoding.UTF8.GetBytes("""{"a":[1,2]}""");

        // Act
        var utf8 = JsonText.GetLenientRawUtf8(document.RootElement.GetProperty("a"), body);

        // Assert
        Encoding.UTF8.GetString(utf8.Span).Should().Be("[1,2]");
        utf8.Span.Overlaps(body).Should().BeFalse();
    }

    /// <summary>UTF-8 of <paramref name="text"/> where <c>&lt;XX&gt;</c> is one raw byte (invalid UTF-8 cannot be a C# literal).</summary>
    private static byte[] Bytes(string text)
    {
        var bytes = new List<byte>();
        var at = 0;
        while (at < text.Length)
        {
            if (text[at] == '<' && at + 3 < text.Length && text[at + 3] == '>'
                && byte.TryParse(text.AsSpan(at + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var raw))
            {
                bytes.Add(raw);
                at += 4;
            }
            else
            {
                var length = char.IsHighSurrogate(text[at]) ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(at, length)));
                at += length;
            }
        }

        return [.. bytes];
    }
}

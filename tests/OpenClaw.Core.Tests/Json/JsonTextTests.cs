using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenClaw.Core.Json;

namespace OpenClaw.Core.Tests.Json;

public sealed partial class JsonTextTests
{
    // Raw string contents as sent on the wire: JSON escapes as written, <XX> is one raw byte (invalid UTF-8 cannot be
    // written in a C# string literal).
    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("h\\u00e9 \u00e9", "h\u00e9 \u00e9")]
    [InlineData("a\\nb\\t\\\"\\\\\\/\\b\\f\\r", "a\nb\t\"\\/\b\f\r")]
    [InlineData("\\u0000", "\0")]
    [InlineData("\\ud83d\\ude00", "\U0001F600")]
    [InlineData("<F0><9F><98><80>", "\U0001F600")]
    [InlineData("", "")]
    public void TryGetString_ValidText_ReturnsIt(string content, string expected)
    {
        // Arrange
        using var document = StringDocument(content);

        // Act
        var ok = JsonText.TryGetString(document.RootElement, out var value);

        // Assert
        ok.Should().BeTrue();
        value.Should().Be(expected);
        JsonText.IsValid(document.RootElement).Should().BeTrue();
        JsonText.GetLenientString(document.RootElement).Should().Be(expected);
    }

    [Theory]
    [InlineData("<FF>", "\uFFFD")]
    [InlineData("a<C0><AF>b", "a\uFFFD\uFFFDb")]
    [InlineData("a<E2><82>", "a\uFFFD")]
    [InlineData("a<E2><82>b", "a\uFFFDb")]
    [InlineData("<ED><A0><80>", "\uFFFD\uFFFD\uFFFD")]
    [InlineData("x\\ud800y", "x\uFFFDy")]
    [InlineData("\\udc00", "\uFFFD")]
    [InlineData("\\ud800", "\uFFFD")]
    [InlineData("\\ud800\\u0041", "\uFFFDA")]
    [InlineData("\\udc00\\ud800", "\uFFFD\uFFFD")]
    [InlineData("\\ud83d\\ude00\\ud83d", "\U0001F600\uFFFD")]
    [InlineData("<FF>\\n", "\uFFFD\n")]
    [InlineData("\\n<C0>", "\n\uFFFD")]
    public void TryGetString_InvalidText_FailsStrictly_AndIsReplacedLeniently(string content, string lenient)
    {
        // Arrange
        using var document = StringDocument(content);

        // Act
        var ok = JsonText.TryGetString(document.RootElement, out var value);

        // Assert
        ok.Should().BeFalse();
        value.Should().BeNull();
        JsonText.IsValid(document.RootElement).Should().BeFalse();
        JsonText.GetLenientString(document.RootElement).Should().Be(lenient);
    }

    [Fact]
    public void GetLenientString_LongEscapedText_UsesThePooledBuffer()
    {
        // Arrange: past the stack buffer, with escapes so the slow path runs
        var content = string.Concat(Enumerable.Repeat("ab\\ud800\\n", 200));
        using var document = StringDocument(content);

        // Act
        var text = JsonText.GetLenientString(document.RootElement);

        // Assert
        text.Should().Be(string.Concat(Enumerable.Repeat("ab\uFFFD\n", 200)));
        JsonText.TryGetString(document.RootElement, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[\"a\"]")]
    public void Readers_NotAString_AreFalseOrEmpty(string json)
    {
        using var document = JsonDocument.Parse(json);

        JsonText.TryGetString(document.RootElement, out _).Should().BeFalse();
        JsonText.IsValid(document.RootElement).Should().BeFalse();
        JsonText.GetLenientString(document.RootElement).Should().BeEmpty();
        JsonText.ValueEquals(document.RootElement, "a"u8).Should().BeFalse();
    }

    [Theory]
    [InlineData("text", true)]
    [InlineData("\\u0074ext", true)]
    [InlineData("tex", false)]
    [InlineData("text\\ud800", false)]
    [InlineData("text<FF>", false)]
    public void ValueEquals_ComparesDecodedText_WithoutThrowing(string content, bool expected)
    {
        using var document = StringDocument(content);

        JsonText.ValueEquals(document.RootElement, "text"u8).Should().Be(expected);
    }

    [Theory]
    [InlineData("ok", true, "ok")]
    [InlineData("\\u006bk", true, "kk")]
    [InlineData("a\\ud800", false, "a\uFFFD")]
    [InlineData("<FF>", false, "\uFFFD")]
    public void Names_AreCheckedAndShown_WithoutThrowing(string rawName, bool valid, string shown)
    {
        // Arrange
        using var document = JsonDocument.Parse(Bytes("{\"" + rawName + "\":1}"));
        var property = document.RootElement.EnumerateObject().Single();

        // Act
        var isValid = JsonText.IsValidName(property);
        var name = JsonText.GetLenientName(property);

        // Assert
        isValid.Should().Be(valid);
        name.Should().Be(shown);
    }

    [Theory]
    [InlineData("{\"a\":[{\"b\":{\"x\\ud800\":1}}]}", "a.0.b.x\uFFFD")]
    [InlineData("{\"\\ud800\":1}", "\uFFFD")]
    [InlineData("[1,{\"<FF>\":2}]", "1.\uFFFD")]
    [InlineData("{\"a\":\"\\ud800\",\"b\":[\"<FF>\"]}", null)]
    [InlineData("{\"a\":{\"b\":[1,2,{\"c\":\"ok\"}]}}", null)]
    public void FindInvalidPropertyName_NamesTheProperty_WithReplacementCharacters(string json, string? path)
    {
        using var document = JsonDocument.Parse(Bytes(json));

        JsonText.FindInvalidPropertyName(document.RootElement).Should().Be(path);
    }

    [Theory]
    [InlineData("{\"a\":\"\\ud800\"}", "a")]
    [InlineData("{\"a\":[1,\"ok\",\"<FF>\"]}", "a.2")]
    [InlineData("{\"a\":{\"\\udc00\":\"ok\"}}", "a.\uFFFD")]
    [InlineData("\"<C0><AF>\"", "")]
    [InlineData("{\"a\":{\"b\":[1,2,{\"c\":\"\\ud83d\\ude00\"}]}}", null)]
    public void FindInvalidText_NamesTheFirstBadStringOrName(string json, string? path)
    {
        using var document = JsonDocument.Parse(Bytes(json));

        JsonText.FindInvalidText(document.RootElement).Should().Be(path);
    }

    [Fact]
    public void GetLenientRawText_ReplacesInvalidBytes_AndKeepsEscapesAsWritten()
    {
        // Arrange
        using var document = JsonDocument.Parse(Bytes("{\"a\":\"<FF>\",\"b\":\"\\ud800\"}"));

        // Act
        var raw = JsonText.GetLenientRawText(document.RootElement);

        // Assert
        raw.Should().Be("{\"a\":\"\uFFFD\",\"b\":\"\\ud800\"}");
    }

    private static JsonDocument StringDocument(string content) => JsonDocument.Parse(Bytes("\"" + content + "\""));

    /// <summary>UTF-8 of <paramref name="text"/> with each <c>&lt;XX&gt;</c> written as the raw byte 0xXX.</summary>
    private static byte[] Bytes(string text)
    {
        var bytes = new List<byte>();
        var last = 0;
        foreach (Match match in RawByte().Matches(text))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(text[last..match.Index]));
            bytes.Add(byte.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            last = match.Index + match.Length;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[last..]));
        return [.. bytes];
    }

    [GeneratedRegex("<([0-9A-F]{2})>")]
    private static partial Regex RawByte();
}

using System.Text;
using OpenClaw.Core.Prompt;

namespace OpenClaw.Core.Tests.Prompt;

public sealed class PromptTextTests
{
    [Fact]
    public void From_EmptyString_IsTheEmptyText()
    {
        // Act
        var text = PromptText.From("");

        // Assert
        text.Should().BeSameAs(PromptText.Empty);
        text.IsEmpty.Should().BeTrue();
        text.Pieces.Should().BeEmpty();
        text.ToString().Should().Be("");
    }

    [Fact]
    public void From_String_IsOnePieceOfItsUtf8()
    {
        // Act
        var text = PromptText.From("héllo 😀");

        // Assert
        text.Pieces.Should().ContainSingle();
        text.Pieces[0].ToArray().Should().Equal(Encoding.UTF8.GetBytes("héllo 😀"));
        text.ByteLength.Should().Be(Encoding.UTF8.GetByteCount("héllo 😀"));
        text.IsEmpty.Should().BeFalse();
    }

    [Fact]
    public void FromUtf8_EmptyPieces_AreDropped()
    {
        // Act
        var text = PromptText.FromUtf8(ReadOnlyMemory<byte>.Empty, "ab"u8.ToArray(), Array.Empty<byte>(), "c"u8.ToArray(), default);

        // Assert
        text.Pieces.Select(p => p.Length).Should().Equal(2, 1);
        text.ByteLength.Should().Be(3);
        text.ToString().Should().Be("abc");
    }

    [Fact]
    public void FromUtf8_OnlyEmptyPieces_IsTheEmptyText()
    {
        // Act
        var text = PromptText.FromUtf8(ReadOnlyMemory<byte>.Empty, Array.Empty<byte>());

        // Assert
        text.Should().BeSameAs(PromptText.Empty);
        PromptText.FromUtf8().Should().BeSameAs(PromptText.Empty);
    }

    [Fact]
    public void FromUtf8_Pieces_AreKeptWithoutACopy()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("prefix[the text]suffix");

        // Act
        var text = PromptText.FromUtf8(body.AsMemory(6, 10));

        // Assert
        text.Pieces.Should().ContainSingle();
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(text.Pieces[0], out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(body);
        segment.Offset.Should().Be(6);
        text.ToString().Should().Be("[the text]");
    }

    [Fact]
    public void Concat_Texts_AreJoinedPieceByPieceInOrder()
    {
        // Arrange
        var first = PromptText.FromUtf8("a"u8.ToArray(), "b"u8.ToArray());
        var second = PromptText.From("ç");

        // Act
        var joined = PromptText.Concat(first, PromptText.Empty, second, "d");

        // Assert
        joined.Pieces.Should().HaveCount(4);
        joined.ToString().Should().Be("abçd");
        joined.ByteLength.Should().Be(5);
    }

    [Fact]
    public void Concat_NothingOrOnlyEmpties_IsTheEmptyText()
    {
        // Act + Assert
        PromptText.Concat().Should().BeSameAs(PromptText.Empty);
        PromptText.Concat(PromptText.Empty, "").Should().BeSameAs(PromptText.Empty);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("é")]
    [InlineData("€")]
    [InlineData("😀")]
    [InlineData("a\u00e9\u20ac\U0001F600z")]
    public void ToString_ManyPieces_DecodesMultiByteCharactersAtEveryPieceBoundary(string unit)
    {
        // Arrange: the same text cut into pieces at every character boundary (each piece valid UTF-8)
        var expected = string.Concat(Enumerable.Repeat(unit, 7));
        var pieces = Runes(expected).Select(r => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(r)).ToArray();

        // Act
        var text = PromptText.FromUtf8(pieces);

        // Assert
        text.Pieces.Should().HaveCount(pieces.Length);
        text.ToString().Should().Be(expected);
        text.ByteLength.Should().Be(Encoding.UTF8.GetByteCount(expected));
    }

    [Fact]
    public void ToString_OnePiece_DecodesIt()
    {
        // Act + Assert
        PromptText.FromUtf8(Encoding.UTF8.GetBytes("ünïcødé ✓ 😀")).ToString().Should().Be("ünïcødé ✓ 😀");
    }

    [Fact]
    public void ImplicitConversion_FromString_IsFrom()
    {
        // Act
        PromptText text = "wörd";
        PromptText empty = "";

        // Assert
        text.ToString().Should().Be("wörd");
        text.ByteLength.Should().Be(5);
        empty.Should().BeSameAs(PromptText.Empty);
    }

    [Fact]
    public void Trim_NothingToTrim_ReturnsTheSameInstance()
    {
        // Arrange
        var text = PromptText.FromUtf8("a "u8.ToArray(), " b"u8.ToArray());

        // Act + Assert
        text.Trim().Should().BeSameAs(text);
    }

    [Fact]
    public void Trim_WhiteSpaceAcrossPieces_SlicesTheSamePieces()
    {
        // Arrange: " " | NBSP "\n  " | "text" U+3000 | " " U+2028 " " (each piece whole characters)
        var body = Encoding.UTF8.GetBytes(" \u00a0\n  text\u3000 \u2028 ");
        var text = PromptText.FromUtf8(body.AsMemory(0, 1), body.AsMemory(1, 5), body.AsMemory(6, 7), body.AsMemory(13));

        // Act
        var trimmed = text.Trim();

        // Assert
        trimmed.ToString().Should().Be("text");
        trimmed.Pieces.Should().ContainSingle();
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(trimmed.Pieces[0], out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(body, "trimming slices, it does not copy");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" \t\r\n\v\f")]
    [InlineData("\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\u0085")]
    public void Trim_AllWhiteSpace_IsTheEmptyText(string content)
    {
        // Arrange
        var text = PromptText.FromUtf8([.. Runes(content).Select(r => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(r))]);

        // Act + Assert
        text.Trim().Should().BeSameAs(PromptText.Empty);
        PromptText.From(content).Trim().Should().BeSameAs(PromptText.Empty);
    }

    [Theory]
    [InlineData("\u200b x \u200b")]
    [InlineData("\ufeffx\ufeff")]
    [InlineData("\u180ex")]
    public void Trim_CharactersStringTrimKeeps_AreKept(string content)
    {
        // Act + Assert: zero-width space, BOM and the Mongolian vowel separator are not white space in .NET
        PromptText.From(content).Trim().ToString().Should().Be(content.Trim());
    }

    private static IEnumerable<string> Runes(string text) => text.EnumerateRunes().Select(r => r.ToString());
}

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Json;
using OpenClaw.Core.Prompt;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Prompt;

public sealed class PromptTextsTests
{
    [Fact]
    public void Of_MixedContents_JoinsTheTextsInOrderWithoutSeparator()
    {
        // Arrange
        var message = Mixed();

        // Act
        var text = PromptTexts.Of(message);

        // Assert
        text.ToString().Should().Be("[env] héllo wörld 😀!");
    }

    [Fact]
    public void Of_OnlyTextContent_IsMessageText()
    {
        // Arrange
        var message = new ChatMessage(ChatRole.User, [new TextContent("a"), new TextContent("ü")]);

        // Act + Assert
        PromptTexts.Of(message).ToString().Should().Be(message.Text).And.Be("aü");
    }

    [Fact]
    public void StringOf_MixedContents_IsTheJoinedText()
    {
        // Act + Assert
        PromptTexts.StringOf(Mixed()).Should().Be("[env] héllo wörld 😀!");
        PromptTexts.StringOf(new ChatMessage(ChatRole.User, "plain")).Should().Be("plain");
    }

    [Fact]
    public void Utf8TextContent_ToString_IsItsText()
    {
        // Act + Assert
        new Utf8TextContent(PromptText.FromUtf8("a"u8.ToArray(), "é"u8.ToArray())).ToString().Should().Be("aé");
    }

    [Fact]
    public void HasText_ByContentKind_IsTrueOnlyForNonEmptyText()
    {
        // Arrange
        var image = new DataContent(new byte[] { 1, 2, 3 }, "image/png");

        // Act + Assert
        PromptTexts.HasText(Mixed()).Should().BeTrue();
        PromptTexts.HasText(new ChatMessage(ChatRole.User, [new Utf8TextContent(PromptText.Empty), image])).Should().BeFalse();
        PromptTexts.HasText(new ChatMessage(ChatRole.User, [new TextContent(""), image])).Should().BeFalse();
        PromptTexts.HasText(new ChatMessage(ChatRole.User, [image, new Utf8TextContent("x")])).Should().BeTrue();
        PromptTexts.HasText(new ChatMessage(ChatRole.User, [image, new TextContent("x")])).Should().BeTrue();
    }

    [Fact]
    public void EstimatedLength_ByContentKind_IsCharsForStringsAndPiecesAlike()
    {
        // Act + Assert: characters, not UTF-8 bytes (CJK text would otherwise look three times as long to max_tokens).
        PromptTexts.EstimatedLength(new TextContent("héllo")).Should().Be(5);
        PromptTexts.EstimatedLength(new Utf8TextContent("héllo")).Should().Be(5);
        PromptTexts.EstimatedLength(new Utf8TextContent(PromptText.Concat("中文", "😀"))).Should().Be(4);
        PromptTexts.EstimatedLength(new DataContent(new byte[] { 1 }, "image/png")).Should().Be(0);
    }

    [Fact]
    public void WriteText_MixedContents_WritesWhatAPlainWriterWritesForTheJoinedText()
    {
        // Arrange
        var message = Mixed();

        // Act
        var written = Write(writer => PromptTexts.WriteText(writer, "content"u8, message));

        // Assert
        written.Should().Be(Write(writer => writer.WriteString("content"u8, "[env] héllo wörld 😀!")));
    }

    [Fact]
    public void WriteText_OnlyTextContent_WritesMessageText()
    {
        // Arrange
        var message = new ChatMessage(ChatRole.User, [new TextContent("\"q\"\n"), new TextContent("é")]);

        // Act
        var written = Write(writer => PromptTexts.WriteText(writer, "text"u8, message));

        // Assert
        written.Should().Be(Write(writer => writer.WriteString("text"u8, "\"q\"\né")));
    }

    [Fact]
    public void WriteText_LongMixedContents_WritesOneStringEqualToThePlainWriters()
    {
        // Arrange: longer than a slice on both the string and the UTF-8 side
        var longString = string.Concat(Enumerable.Repeat("ab\"c😀", LongJsonStrings.SliceChars / 2));
        var longUtf8 = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("€x\n", LongJsonStrings.SliceChars)));
        var message = new ChatMessage(ChatRole.User, [new TextContent(longString), new Utf8TextContent(PromptText.FromUtf8(longUtf8))]);

        // Act
        var written = Write(writer => PromptTexts.WriteText(writer, "content"u8, message));

        // Assert
        LargeText.ShouldEqual(written, Write(writer => writer.WriteString("content"u8, longString + Encoding.UTF8.GetString(longUtf8))));
    }

    private static ChatMessage Mixed() => new(ChatRole.User,
    [
        new TextContent("[env] "),
        new Utf8TextContent(PromptText.FromUtf8(Encoding.UTF8.GetBytes("héllo "), Encoding.UTF8.GetBytes("wörld"))),
        new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
        new Utf8TextContent(PromptText.From(" 😀")),
        new TextContent("!"),
    ]);

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

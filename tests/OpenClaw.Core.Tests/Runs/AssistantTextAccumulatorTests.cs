using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Runs;

public class AssistantTextAccumulatorTests
{
    [Fact]
    public void Append_TrailingWhitespace_IsHeldBackAndPrependedToNextDelta()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var deltas = new[] { "echo: ", "stream ", "me" }.Select(accumulator.Append).ToList();
        var (payload, last) = accumulator.Complete();

        // Assert
        deltas.Should().Equal("echo:", " stream", " me");
        last.Should().BeNull();
        payload.Should().Be("echo: stream me");
        accumulator.EmittedText.Should().Be("echo: stream me");
    }

    [Fact]
    public void Complete_WhitespaceStillHeldAtTheEnd_IsDropped()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var deltas = new[] { "echo: ", "stream ", "me ", "\n" }.Select(accumulator.Append).ToList();
        var (payload, last) = accumulator.Complete();

        // Assert
        deltas.Should().Equal("echo:", " stream", " me", null);
        last.Should().BeNull();
        payload.Should().Be("echo: stream me");
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\n\n")]
    [InlineData("\t ")]
    public void Append_WhitespaceOnlyChunk_EmitsNothing(string chunk)
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();
        accumulator.Append("Hello");

        // Act
        var delta = accumulator.Append(chunk);

        // Assert
        delta.Should().BeNull();
        accumulator.Append("world").Should().Be(chunk + "world");
    }

    [Fact]
    public void Append_SilentReply_IsHeldBackAndCompletesSilently()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var deltas = new[] { "NO", "_RE", "PLY", "\n" }.Select(accumulator.Append).ToList();
        var (payload, last) = accumulator.Complete();

        // Assert
        deltas.Should().OnlyContain(d => d == null);
        payload.Should().BeNull();
        last.Should().BeNull();
        accumulator.EmittedText.Should().BeEmpty();
        accumulator.HasText.Should().BeTrue();
    }

    [Fact]
    public void Append_SilentReplyWithSurroundingWhitespace_IsStillSilent()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var delta = accumulator.Append("  NO_REPLY  ");
        var (payload, _) = accumulator.Complete();

        // Assert
        delta.Should().BeNull();
        payload.Should().BeNull();
    }

    [Theory]
    [InlineData("No", "No")]
    [InlineData("no", "no")]
    [InlineData("Nope", "Nope")]
    [InlineData("NOPE", "NOPE")]
    public void Append_TextThatCannotBecomeSilent_IsEmittedAtOnce(string chunk, string expected)
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var delta = accumulator.Append(chunk);

        // Assert
        delta.Should().Be(expected);
    }

    [Fact]
    public void Append_SilentPrefixThatTurnsIntoText_EmitsEverythingHeld()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var held = accumulator.Append("NO");
        var released = accumulator.Append("T now");

        // Assert
        held.Should().BeNull();
        released.Should().Be("NOT now");
    }

    [Fact]
    public void Append_SilentReplyFollowedByMoreText_IsNotSilent()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var held = accumulator.Append("NO_REPLY");
        var released = accumulator.Append(" but more");
        var (payload, _) = accumulator.Complete();

        // Assert
        held.Should().BeNull();
        released.Should().Be("NO_REPLY but more");
        payload.Should().Be("NO_REPLY but more");
    }

    [Fact]
    public void Complete_IncompleteSilentPrefix_IsFlushedAsTheLastDelta()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();
        accumulator.Append("NO_");

        // Act
        var (payload, last) = accumulator.Complete();

        // Assert
        payload.Should().Be("NO_");
        last.Should().Be("NO_");
        accumulator.EmittedText.Should().Be("NO_");
    }

    [Fact]
    public void Complete_NothingAppended_IsEmptyPayloadWithoutDelta()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var (payload, last) = accumulator.Complete();

        // Assert
        payload.Should().BeEmpty();
        last.Should().BeNull();
        accumulator.HasText.Should().BeFalse();
    }
}

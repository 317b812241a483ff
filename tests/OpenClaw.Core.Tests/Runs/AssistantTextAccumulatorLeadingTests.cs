using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Runs;

public sealed class AssistantTextAccumulatorLeadingTests
{
    [Fact]
    public void Append_LeadingWhitespace_IsDroppedAcrossChunks()
    {
        // Arrange
        var accumulator = new AssistantTextAccumulator();

        // Act
        var deltas = new[] { "  ", "\n padded ", "reply  " }.Select(accumulator.Append).ToList();
        var (payload, last) = accumulator.Complete();

        // Assert
        deltas.Should().Equal(null, "padded", " reply");
        payload.Should().Be("padded reply");
        last.Should().BeNull();
        accumulator.EmittedText.Should().Be("padded reply");
    }

    [Fact]
    public void Complete_SilentReplyWithSurroundingWhitespace_IsSilent()
    {
        var accumulator = new AssistantTextAccumulator();
        accumulator.Append("  NO_").Should().BeNull();
        accumulator.Append("REPLY \n").Should().BeNull();

        accumulator.Complete().Payload.Should().BeNull();
    }
}

using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Tests.Telemetry;

public class PeakValueTests
{
    [Fact]
    public void Raise_KeepsTheHighestValue()
    {
        // Arrange
        long peak = 5;

        // Act
        PeakValue.Raise(ref peak, 3);
        PeakValue.Raise(ref peak, 9);
        PeakValue.Raise(ref peak, 7);

        // Assert
        peak.Should().Be(9);
    }

    [Fact]
    public async Task Raise_FromManyThreads_EndsAtTheHighestValue()
    {
        // Arrange
        long peak = 0;

        // Act
        await Parallel.ForAsync(1, 10_001, (i, _) =>
        {
            PeakValue.Raise(ref peak, i);
            return ValueTask.CompletedTask;
        });

        // Assert
        peak.Should().Be(10_000);
    }
}

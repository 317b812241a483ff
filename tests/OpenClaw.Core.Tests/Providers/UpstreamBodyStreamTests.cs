using System.Text;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Tests.Providers;

public class UpstreamBodyStreamTests
{
    [Fact]
    public async Task ReadAsync_EveryReadWithData_ReportsActivity_CommentsIncluded()
    {
        // Arrange
        var activity = 0;
        using var stream = new UpstreamBodyStream(new MemoryStream(Encoding.UTF8.GetBytes(": keep-alive\n\n: keep-alive\n\n")), () => activity++);
        var buffer = new byte[8];

        // Act
        while (await stream.ReadAsync(buffer) > 0)
        {
        }

        // Assert: 28 bytes in reads of 8; the final empty read reports nothing.
        activity.Should().Be(4);
    }

    [Fact]
    public async Task ReadAsync_ManyEventsTogetherBeyondTheCap_AreFine()
    {
        // Arrange: 20 events of 1 MiB each, 20 MiB in all, every one within the cap.
        var oneEvent = "data: " + new string('x', 1024 * 1024) + "\r\n\r\n";
        using var stream = new UpstreamBodyStream(new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(oneEvent, 20)))), null);

        // Act
        var act = () => stream.CopyToAsync(Stream.Null);

        // Assert
        await act.Should().NotThrowAsync();
    }

    [Fact]
    public async Task ReadAsync_OneEventOfManyShortLinesBeyondTheCap_Fails()
    {
        // Arrange: data lines of 1 KiB with no empty line between them, 17 MiB in all.
        var line = "data: " + new string('x', 1018) + "\n";
        using var stream = new UpstreamBodyStream(new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 17 * 1024)))), null);

        // Act
        var act = () => stream.CopyToAsync(Stream.Null);

        // Assert
        (await act.Should().ThrowAsync<ProviderException>()).Which.Message.Should().Be("upstream provider sent a malformed response: a stream event is larger than 16 MiB");
    }

    [Fact]
    public async Task ReadAsync_EmptyLineSplitAcrossReads_StillEndsTheEvent()
    {
        // Arrange: events of 9 MiB whose "\n\n" falls across a read boundary; two of them would pass the cap together.
        var oneEvent = "data: " + new string('x', 9 * 1024 * 1024) + "\n\n";
        var bytes = Encoding.UTF8.GetBytes(oneEvent + oneEvent);
        using var stream = new UpstreamBodyStream(new MemoryStream(bytes), null);
        var buffer = new byte[oneEvent.Length - 1];

        // Act
        var act = async () =>
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        };

        // Assert
        await act.Should().NotThrowAsync();
    }
}

using OpenClaw.Core.Memory;

namespace OpenClaw.Core.Tests.Memory;

public sealed class SegmentedBufferTests
{
    [Fact]
    public void New_NothingWritten_IsEmpty()
    {
        // Arrange
        using var buffer = new SegmentedBuffer();

        // Act + Assert
        buffer.Length.Should().Be(0);
        buffer.Segments.Should().BeEmpty();
        buffer.ToArray().Should().BeEmpty();
    }

    [Fact]
    public void Write_ManySmallWrites_SpanManySegmentsAndReadBackInOrder()
    {
        // Arrange
        using var buffer = new SegmentedBuffer();
        var expected = Pattern(1_000_003);

        // Act: writes of uneven sizes, each into the room handed out
        var at = 0;
        var step = 1;
        while (at < expected.Length)
        {
            var count = Math.Min(step, expected.Length - at);
            var span = buffer.GetSpan(count);
            expected.AsSpan(at, count).CopyTo(span);
            buffer.Advance(count);
            at += count;
            step = (step * 7 % 5000) + 1;
        }

        // Assert
        buffer.Length.Should().Be(expected.Length);
        buffer.Segments.Should().HaveCountGreaterThan(10);
        buffer.Segments.Should().OnlyContain(s => s.Length <= SegmentedBuffer.SegmentBytes && s.Length > 0);
        buffer.Segments.Sum(s => s.Length).Should().Be(expected.Length);
        buffer.ToArray().Should().Equal(expected);
    }

    [Fact]
    public void GetMemory_WithoutAdvance_HandsOutTheSameRoom()
    {
        // Arrange
        using var buffer = new SegmentedBuffer();

        // Act
        var first = buffer.GetMemory(10);
        first.Span[0] = 42;
        var second = buffer.GetMemory(10);
        buffer.Advance(1);

        // Assert
        second.Span[0].Should().Be(42);
        buffer.ToArray().Should().Equal(42);
    }

    [Fact]
    public void GetSpan_LargeSizeHint_GetsRoomOfAtLeastThatSize()
    {
        // Arrange
        using var buffer = new SegmentedBuffer();
        buffer.GetSpan(1)[0] = 1;
        buffer.Advance(1);
        var large = Pattern(300_000);

        // Act
        var span = buffer.GetSpan(large.Length);
        large.CopyTo(span);
        buffer.Advance(large.Length);
        buffer.GetSpan(1)[0] = 2;
        buffer.Advance(1);

        // Assert
        span.Length.Should().BeGreaterThanOrEqualTo(large.Length);
        buffer.Length.Should().Be(large.Length + 2);
        buffer.ToArray().Should().Equal([1, .. large, 2]);
    }

    [Fact]
    public void GetSpan_NoSizeHint_GetsSomeRoom()
    {
        // Arrange
        using var buffer = new SegmentedBuffer();

        // Act + Assert
        buffer.GetSpan().Length.Should().BeGreaterThan(0);
        buffer.GetMemory().Length.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Advance_PastTheRoomHandedOut_Throws()
    {
        // Arrange
        using var buffer = new SegmentedBuffer();
        var room = buffer.GetSpan(1).Length;

        // Act
        var past = () => buffer.Advance(room + 1);
        var negative = () => buffer.Advance(-1);

        // Assert
        past.Should().Throw<InvalidOperationException>();
        negative.Should().Throw<ArgumentOutOfRangeException>();
        buffer.Length.Should().Be(0);
    }

    [Fact]
    public void Advance_BeforeAnyRoom_Throws()
    {
        // Arrange
        using var buffer = new SegmentedBuffer();

        // Act
        var act = () => buffer.Advance(1);

        // Assert
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Dispose_ReturnsTheSegmentsAndIsIdempotent()
    {
        // Arrange
        var buffer = new SegmentedBuffer();
        var data = Pattern(200_000);
        data.CopyTo(buffer.GetSpan(data.Length));
        buffer.Advance(data.Length);
        buffer.GetSpan(10);
        buffer.Advance(10);

        // Act
        buffer.Dispose();
        buffer.Dispose();

        // Assert
        buffer.Segments.Should().BeEmpty("the segments went back to the pool");
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + (i >> 8));
        }

        return bytes;
    }
}

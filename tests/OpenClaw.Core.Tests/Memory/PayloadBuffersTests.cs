using System.Buffers;
using OpenClaw.Core.Memory;

namespace OpenClaw.Core.Tests.Memory;

public sealed class PayloadBuffersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(PayloadBuffers.PooledBytes)]
    public void Rent_UpToTheLimit_ComesFromTheSharedPool(int length)
    {
        // Act
        var rented = PayloadBuffers.Rent<byte>(length);
        PayloadBuffers.Return(rented);
        var again = ArrayPool<byte>.Shared.Rent(length);

        // Assert: the shared pool hands the returned array out again (same thread, same size class)
        rented.Length.Should().BeGreaterThanOrEqualTo(length);
        again.Should().BeSameAs(rented);
        ArrayPool<byte>.Shared.Return(again);
    }

    [Theory]
    [InlineData(PayloadBuffers.PooledBytes + 1)]
    [InlineData(3 * 1024 * 1024)]
    [InlineData((20 * 1024 * 1024) + 17)]
    public void Rent_OverTheLimit_IsAnArrayOfExactlyThatLength(int length)
    {
        // Act
        var rented = PayloadBuffers.Rent<byte>(length);

        // Assert
        rented.Length.Should().Be(length);
    }

    [Fact]
    public void Return_OverTheLimit_IsNotKeptByThePool()
    {
        // Arrange
        var large = PayloadBuffers.Rent<byte>(2 * 1024 * 1024);

        // Act
        PayloadBuffers.Return(large);
        var next = ArrayPool<byte>.Shared.Rent(2 * 1024 * 1024);

        // Assert
        next.Should().NotBeSameAs(large);
        ArrayPool<byte>.Shared.Return(next);
    }

    [Fact]
    public void Rent_Chars_LimitIsInBytesNotElements()
    {
        // Arrange: 1 MiB of bytes is half a million chars
        var pooled = (PayloadBuffers.PooledBytes / sizeof(char));

        // Act
        var atLimit = PayloadBuffers.Rent<char>(pooled);
        var overLimit = PayloadBuffers.Rent<char>(pooled + 1);

        // Assert
        atLimit.Length.Should().BeGreaterThanOrEqualTo(pooled);
        overLimit.Length.Should().Be(pooled + 1, "an array over 1 MiB is allocated at its exact length");
        PayloadBuffers.Return(atLimit);
        PayloadBuffers.Return(overLimit);
    }

    [Fact]
    public void Return_Null_Throws()
    {
        // Act
        var act = () => PayloadBuffers.Return<byte>(null!);

        // Assert
        act.Should().Throw<ArgumentNullException>();
    }
}

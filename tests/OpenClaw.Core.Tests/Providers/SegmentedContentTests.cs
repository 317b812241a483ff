using System.Net.Http.Headers;
using OpenClaw.Core.Memory;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Tests.Providers;

public sealed class SegmentedContentTests
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    [Fact]
    public async Task CopyToAsync_ManySegments_SendsTheBytesWithTheirContentLength()
    {
        // Arrange
        var data = Pattern(500_001);
        using var content = new SegmentedContent(Body(data), Json);
        using var stream = new MemoryStream();

        // Act
        await content.CopyToAsync(stream);

        // Assert
        stream.ToArray().Should().Equal(data);
        content.Headers.ContentLength.Should().Be(data.Length);
        content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    [Fact]
    public void Dispose_NoSendInProgress_ReturnsTheSegmentsAtOnce()
    {
        // Arrange
        var body = Body(Pattern(200_000));
        var content = new SegmentedContent(body, Json);

        // Act
        content.Dispose();

        // Assert
        body.Segments.Should().BeEmpty();
    }

    [Fact]
    public async Task Dispose_WhileASendIsInProgress_ReturnsTheSegmentsOnlyWhenTheSendEnds()
    {
        // Arrange: a stream that holds the send on its second write
        var data = Pattern(300_000);
        var body = Body(data);
        var content = new SegmentedContent(body, Json);
        var stream = new GatedStream(holdAtWrite: 2);

        // Act
        var send = content.CopyToAsync(stream);
        await stream.Held;
        content.Dispose();
        var segmentsDuringSend = body.Segments.Count();

        // Overwrite whatever the pool hands out now: had the segments gone back, this would corrupt the send.
        for (var i = 0; i < 16; i++)
        {
            System.Buffers.ArrayPool<byte>.Shared.Rent(SegmentedBuffer.SegmentBytes).AsSpan().Fill(0xEE);
        }

        stream.Release();
        await send;

        // Assert
        segmentsDuringSend.Should().BeGreaterThan(1, "the body is still being sent");
        stream.ToArray().Should().Equal(data);
        body.Segments.Should().BeEmpty("the segments go back once the send has ended");
    }

    [Fact]
    public async Task SendEnds_BeforeDispose_KeepsTheSegmentsUntilDispose()
    {
        // Arrange
        var body = Body(Pattern(100_000));
        var content = new SegmentedContent(body, Json);
        using var stream = new MemoryStream();

        // Act
        await content.CopyToAsync(stream);
        var afterSend = body.Segments.Count();
        content.Dispose();

        // Assert: a retry of the same request could send it again until it is disposed
        afterSend.Should().BeGreaterThan(0);
        body.Segments.Should().BeEmpty();
    }

    [Fact]
    public async Task CopyToAsync_AfterDispose_Throws()
    {
        // Arrange
        var content = new SegmentedContent(Body(Pattern(10)), Json);
        content.Dispose();
        using var stream = new MemoryStream();

        // Act
        var act = () => content.CopyToAsync(stream);

        // Assert
        await act.Should().ThrowAsync<ObjectDisposedException>();
        stream.Length.Should().Be(0);
    }

    [Fact]
    public async Task CopyToAsync_StreamFails_StillReturnsTheSegmentsOnDispose()
    {
        // Arrange
        var body = Body(Pattern(200_000));
        var content = new SegmentedContent(body, Json);
        var stream = new GatedStream(holdAtWrite: 0, failAtWrite: 2);

        // Act
        var act = () => content.CopyToAsync(stream);
        (await act.Should().ThrowAsync<HttpRequestException>()).WithInnerException<IOException>();
        content.Dispose();

        // Assert
        body.Segments.Should().BeEmpty();
    }

    private static SegmentedBuffer Body(byte[] data)
    {
        var body = new SegmentedBuffer();
        for (var at = 0; at < data.Length; at += 1000)
        {
            var count = Math.Min(1000, data.Length - at);
            data.AsSpan(at, count).CopyTo(body.GetSpan(count));
            body.Advance(count);
        }

        return body;
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }

        return bytes;
    }

    /// <summary>A memory stream whose n-th write waits until released (the send is "in progress"), or fails.</summary>
    private sealed class GatedStream(int holdAtWrite, int failAtWrite = 0) : MemoryStream
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;

        public Task Held => _held.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var write = ++_writes;
            if (write == failAtWrite)
            {
                throw new IOException("connection reset");
            }

            if (write == holdAtWrite)
            {
                _held.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}

using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class ByteBoundedQueueTests
{
    [Fact]
    public void WaitForRoomAsync_BelowTheLimit_CompletesAtOnce()
    {
        // Arrange
        var queue = new ByteBoundedQueue<string>(100);
        queue.Enqueue("a", 99);

        // Act
        var room = queue.WaitForRoomAsync(CancellationToken.None);

        // Assert
        room.IsCompletedSuccessfully.Should().BeTrue();
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitForRoomAsync_AtTheLimit_WaitsUntilTheConsumerTookItDownToHalf()
    {
        // Arrange: the limit is reached by bytes, with only four items.
        var queue = new ByteBoundedQueue<string>(100);
        queue.Enqueue("a", 30);
        queue.Enqueue("b", 30);
        queue.Enqueue("c", 30);
        queue.Enqueue("d", 30);

        // Act
        var room = queue.WaitForRoomAsync(CancellationToken.None).AsTask();
        var waitingAt120 = queue.ProducerWaiting;
        queue.TryDequeue(out _, out _);
        var waitingAt90 = queue.ProducerWaiting;
        queue.TryDequeue(out _, out _);
        var waitingAt60 = queue.ProducerWaiting;
        queue.TryDequeue(out _, out _);

        // Assert: 90 pending is below the limit but above the half; 60 too; the producer goes at 50 or less.
        (waitingAt120, waitingAt90, waitingAt60).Should().Be((true, true, true));
        queue.ProducerWaiting.Should().BeFalse();
        await room.WaitAsync(Wait);
        queue.PendingBytes.Should().Be(30);
    }

    [Fact]
    public void TryDequeue_ReturnsItemsInOrder_WithTheirBytes()
    {
        // Arrange
        var queue = new ByteBoundedQueue<string>(1000);
        queue.Enqueue("first", 10);
        queue.Enqueue("second", 20);

        // Act
        var taken = new List<(string, int)>();
        while (queue.TryDequeue(out var item, out var bytes))
        {
            taken.Add((item, bytes));
        }

        // Assert
        taken.Should().Equal(("first", 10), ("second", 20));
        queue.PendingBytes.Should().Be(0);
    }

    [Fact]
    public void PeakBytes_KeepsTheHighestPendingTotal()
    {
        // Arrange
        var queue = new ByteBoundedQueue<string>(1000);
        queue.Enqueue("a", 300);
        queue.Enqueue("b", 400);
        queue.TryDequeue(out _, out _);

        // Act
        queue.Enqueue("c", 100);

        // Assert
        queue.PendingBytes.Should().Be(500);
        queue.PeakBytes.Should().Be(700);
    }

    [Fact]
    public async Task WaitForRoomAsync_TokenFires_ThrowsAndRecordsThatTheProducerGaveUp()
    {
        // Arrange
        var queue = new ByteBoundedQueue<string>(10);
        queue.Enqueue("a", 10);
        using var cts = new CancellationTokenSource();
        var room = queue.WaitForRoomAsync(cts.Token).AsTask();
        var gaveUpBefore = queue.ProducerGaveUp;

        // Act
        await cts.CancelAsync();

        // Assert
        await FluentActions.Awaiting(() => room).Should().ThrowAsync<OperationCanceledException>();
        gaveUpBefore.Should().BeFalse();
        queue.ProducerGaveUp.Should().BeTrue();
    }

    [Fact]
    public async Task Complete_ReleasesAWaitingProducer_DropsLaterItems_AndEndsTheReaderAfterTheBacklog()
    {
        // Arrange
        var queue = new ByteBoundedQueue<string>(10);
        queue.Enqueue("kept", 10);
        var room = queue.WaitForRoomAsync(CancellationToken.None).AsTask();
        var waiting = queue.ProducerWaiting;

        // Act
        queue.Complete();
        queue.Enqueue("dropped", 5);

        // Assert
        await room.WaitAsync(Wait);
        queue.WaitForRoomAsync(CancellationToken.None).IsCompletedSuccessfully.Should().BeTrue();
        (await queue.WaitToReadAsync(CancellationToken.None)).Should().BeTrue();
        queue.TryDequeue(out var item, out _).Should().BeTrue();
        item.Should().Be("kept");
        waiting.Should().BeTrue();
        (await queue.WaitToReadAsync(CancellationToken.None)).Should().BeFalse();
        queue.PendingBytes.Should().Be(0);
    }

    [Fact]
    public async Task EnqueueAndDequeue_FromTwoThreads_NeverLoseBytesOrOrder()
    {
        // Arrange: a producer that honours the bound and a consumer that drains concurrently.
        const int Items = 20_000;
        var queue = new ByteBoundedQueue<int>(1_000);
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < Items; i++)
            {
                queue.Enqueue(i, 7);
                await queue.WaitForRoomAsync(CancellationToken.None);
            }

            queue.Complete();
        });

        // Act
        var received = new List<int>(Items);
        while (await queue.WaitToReadAsync(CancellationToken.None))
        {
            while (queue.TryDequeue(out var item, out _))
            {
                received.Add(item);
            }
        }

        await producer;

        // Assert
        received.Should().Equal(Enumerable.Range(0, Items));
        queue.PendingBytes.Should().Be(0);
        queue.PeakBytes.Should().BeLessThan(1_000 + 7);
    }
}

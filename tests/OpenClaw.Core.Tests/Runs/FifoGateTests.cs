using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Runs;

public class FifoGateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task EnterAsync_WithinCapacity_EntersImmediately()
    {
        // Arrange
        var gate = new FifoGate(2);

        // Act
        var first = gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(CancellationToken.None);
        var third = gate.EnterAsync(CancellationToken.None);

        // Assert
        first.IsCompleted.Should().BeTrue();
        second.IsCompleted.Should().BeTrue();
        third.IsCompleted.Should().BeFalse();
        (await first).Dispose();
        (await third.AsTask().WaitAsync(Wait)).Dispose();
        (await second).Dispose();
        gate.Capacity.Should().Be(2);
    }

    [Fact]
    public async Task EnterAsync_Waiters_AreAdmittedInArrivalOrder()
    {
        // Arrange
        var gate = new FifoGate(1);
        var holder = await gate.EnterAsync(CancellationToken.None);
        var order = new List<int>();
        var waiters = Enumerable.Range(1, 5).Select(async i =>
        {
            using var slot = await gate.EnterAsync(CancellationToken.None);
            lock (order)
            {
                order.Add(i);
            }
        }).ToList();

        // Act
        holder.Dispose();
        await Task.WhenAll(waiters).WaitAsync(Wait);

        // Assert
        order.Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public async Task EnterAsync_NewArrivalWhileOthersWait_QueuesBehindThemEvenIfASlotFrees()
    {
        // Arrange
        var gate = new FifoGate(1);
        var holder = await gate.EnterAsync(CancellationToken.None);
        var waiting = gate.EnterAsync(CancellationToken.None);

        // Act
        holder.Dispose();
        var late = gate.EnterAsync(CancellationToken.None);

        // Assert
        var admitted = await waiting.AsTask().WaitAsync(Wait);
        late.IsCompleted.Should().BeFalse("the slot went to the earlier waiter");
        admitted.Dispose();
        (await late.AsTask().WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_ThrowsAndLeavesQueueWithoutLeakingASlot()
    {
        // Arrange
        var gate = new FifoGate(1);
        var holder = await gate.EnterAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(cts.Token);
        var next = gate.EnterAsync(CancellationToken.None);

        // Act
        await cts.CancelAsync();
        var act = async () => await cancelled;

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        next.IsCompleted.Should().BeFalse();
        holder.Dispose();
        (await next.AsTask().WaitAsync(Wait)).Dispose();
        var again = gate.EnterAsync(CancellationToken.None);
        again.IsCompleted.Should().BeTrue("the cancelled waiter must not keep or lose a slot");
        (await again).Dispose();
    }

    [Fact]
    public async Task EnterAsync_CancellationRacingRelease_NeverLeaksOrDuplicatesSlots()
    {
        // Arrange
        var gate = new FifoGate(1);

        for (var i = 0; i < 200; i++)
        {
            var holder = await gate.EnterAsync(CancellationToken.None);
            using var cts = new CancellationTokenSource();
            var waiter = gate.EnterAsync(cts.Token).AsTask();

            // Act
            await Task.WhenAll(Task.Run(holder.Dispose), Task.Run(cts.Cancel));
            try
            {
                (await waiter.WaitAsync(Wait)).Dispose();
            }
            catch (OperationCanceledException)
            {
                // Either outcome is fine; the slot must be back in the gate.
            }

            // Assert
            var probe = gate.EnterAsync(CancellationToken.None);
            probe.IsCompleted.Should().BeTrue($"iteration {i} must leave the slot free");
            var extra = gate.EnterAsync(CancellationToken.None);
            extra.IsCompleted.Should().BeFalse($"iteration {i} must not create a second slot");
            (await probe).Dispose();
            (await extra.AsTask().WaitAsync(Wait)).Dispose();
        }
    }

    [Fact]
    public async Task EnterAsync_CancelledJustAfterSlotWasHandedOver_PassesTheSlotOn()
    {
        // The hand-over completes the waiter asynchronously, so a cancellation right after it usually wins the race:
        // the waiter then gives up a slot it was already granted and must pass it on to the next waiter.
        var gate = new FifoGate(1);
        for (var i = 0; i < 50; i++)
        {
            // Arrange
            var holder = await gate.EnterAsync(CancellationToken.None);
            using var cts = new CancellationTokenSource();
            var granted = gate.EnterAsync(cts.Token).AsTask();
            var next = gate.EnterAsync(CancellationToken.None).AsTask();

            // Act
            holder.Dispose();
            cts.Cancel();

            // Assert
            try
            {
                (await granted.WaitAsync(Wait)).Dispose();
            }
            catch (OperationCanceledException)
            {
                // The usual outcome: the waiter gave up.
            }

            var admitted = await next.WaitAsync(Wait);
            admitted.Dispose();
            var probe = gate.EnterAsync(CancellationToken.None);
            probe.IsCompleted.Should().BeTrue($"iteration {i} must leave the slot free");
            (await probe).Dispose();
        }
    }

    [Fact]
    public async Task Releaser_DisposedTwice_ReleasesOnce()
    {
        // Arrange
        var gate = new FifoGate(1);
        var slot = await gate.EnterAsync(CancellationToken.None);

        // Act
        slot.Dispose();
        slot.Dispose();
        var first = gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(CancellationToken.None);

        // Assert
        first.IsCompleted.Should().BeTrue();
        second.IsCompleted.Should().BeFalse();
        (await first).Dispose();
        (await second.AsTask().WaitAsync(Wait)).Dispose();
    }
}

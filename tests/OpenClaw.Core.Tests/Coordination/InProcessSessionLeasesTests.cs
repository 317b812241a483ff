using OpenClaw.Core.Coordination.InProcess;

namespace OpenClaw.Core.Tests.Coordination;

/// <summary>One turn per session: FIFO per key, keys independent, nothing left behind.</summary>
public class InProcessSessionLeasesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AcquireAsync_SameKey_SecondWaitsForFirst()
    {
        // Arrange
        var lanes = new InProcessSessionLeases();
        var first = await lanes.AcquireAsync("agent:main:main", CancellationToken.None);

        // Act
        var second = lanes.AcquireAsync("agent:main:main", CancellationToken.None);

        // Assert
        second.IsCompleted.Should().BeFalse();
        await first.DisposeAsync();
        await (await second.AsTask().WaitAsync(Wait)).DisposeAsync();
    }

    [Fact]
    public async Task AcquireAsync_DifferentKeys_RunInParallel()
    {
        // Arrange
        var lanes = new InProcessSessionLeases();
        await using var first = await lanes.AcquireAsync("agent:main:a", CancellationToken.None);

        // Act
        var second = lanes.AcquireAsync("agent:main:b", CancellationToken.None);

        // Assert
        second.IsCompleted.Should().BeTrue();
        lanes.ActiveKeys.Should().Be(2);
        await (await second).DisposeAsync();
    }

    [Fact]
    public async Task AcquireAsync_SameKey_AdmitsInFifoOrder()
    {
        // Arrange
        var lanes = new InProcessSessionLeases();
        var holder = await lanes.AcquireAsync("k", CancellationToken.None);
        var order = new List<int>();
        var runs = Enumerable.Range(1, 4).Select(async i =>
        {
            await using var slot = await lanes.AcquireAsync("k", CancellationToken.None);
            lock (order)
            {
                order.Add(i);
            }
        }).ToList();

        // Act
        await holder.DisposeAsync();
        await Task.WhenAll(runs).WaitAsync(Wait);

        // Assert
        order.Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task DisposeAsync_LastUser_RemovesTheLane()
    {
        // Arrange
        var lanes = new InProcessSessionLeases();
        var first = await lanes.AcquireAsync("k", CancellationToken.None);
        var second = lanes.AcquireAsync("k", CancellationToken.None);
        lanes.ActiveKeys.Should().Be(1);

        // Act
        await first.DisposeAsync();
        var admitted = await second.AsTask().WaitAsync(Wait);
        var whileSecondRuns = lanes.ActiveKeys;
        await admitted.DisposeAsync();
        await admitted.DisposeAsync();

        // Assert
        whileSecondRuns.Should().Be(1);
        lanes.ActiveKeys.Should().Be(0);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWaiter_LeavesLaneConsistent()
    {
        // Arrange
        var lanes = new InProcessSessionLeases();
        var holder = await lanes.AcquireAsync("k", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = lanes.AcquireAsync("k", cts.Token);
        var next = lanes.AcquireAsync("k", CancellationToken.None);

        // Act
        await cts.CancelAsync();
        var act = async () => await cancelled;

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        lanes.ActiveKeys.Should().Be(1);
        await holder.DisposeAsync();
        var admitted = await next.AsTask().WaitAsync(Wait);
        await admitted.DisposeAsync();
        lanes.ActiveKeys.Should().Be(0);
        var fresh = lanes.AcquireAsync("k", CancellationToken.None);
        fresh.IsCompleted.Should().BeTrue();
        await (await fresh).DisposeAsync();
    }

    [Fact]
    public async Task AcquireAsync_OnlyWaiterCancelled_RemovesLaneWhenHolderLeaves()
    {
        // Arrange
        var lanes = new InProcessSessionLeases();
        var holder = await lanes.AcquireAsync("k", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = lanes.AcquireAsync("k", cts.Token);

        // Act
        await cts.CancelAsync();
        await FluentActions.Awaiting(async () => await cancelled).Should().ThrowAsync<OperationCanceledException>();
        await holder.DisposeAsync();

        // Assert
        lanes.ActiveKeys.Should().Be(0);
    }
}

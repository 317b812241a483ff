using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Runs;

public class SessionLanesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task EnterAsync_SameKey_SecondWaitsForFirst()
    {
        // Arrange
        var lanes = new SessionLanes();
        var first = await lanes.EnterAsync("agent:main:main", CancellationToken.None);

        // Act
        var second = lanes.EnterAsync("agent:main:main", CancellationToken.None);

        // Assert
        second.IsCompleted.Should().BeFalse();
        first.Dispose();
        (await second.AsTask().WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task EnterAsync_DifferentKeys_RunInParallel()
    {
        // Arrange
        var lanes = new SessionLanes();
        using var first = await lanes.EnterAsync("agent:main:a", CancellationToken.None);

        // Act
        var second = lanes.EnterAsync("agent:main:b", CancellationToken.None);

        // Assert
        second.IsCompleted.Should().BeTrue();
        lanes.ActiveKeys.Should().Be(2);
        (await second).Dispose();
    }

    [Fact]
    public async Task EnterAsync_SameKey_AdmitsInFifoOrder()
    {
        // Arrange
        var lanes = new SessionLanes();
        var holder = await lanes.EnterAsync("k", CancellationToken.None);
        var order = new List<int>();
        var runs = Enumerable.Range(1, 4).Select(async i =>
        {
            using var slot = await lanes.EnterAsync("k", CancellationToken.None);
            lock (order)
            {
                order.Add(i);
            }
        }).ToList();

        // Act
        holder.Dispose();
        await Task.WhenAll(runs).WaitAsync(Wait);

        // Assert
        order.Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task Dispose_LastUser_RemovesTheLane()
    {
        // Arrange
        var lanes = new SessionLanes();
        var first = await lanes.EnterAsync("k", CancellationToken.None);
        var second = lanes.EnterAsync("k", CancellationToken.None);
        lanes.ActiveKeys.Should().Be(1);

        // Act
        first.Dispose();
        var admitted = await second.AsTask().WaitAsync(Wait);
        var whileSecondRuns = lanes.ActiveKeys;
        admitted.Dispose();
        admitted.Dispose();

        // Assert
        whileSecondRuns.Should().Be(1);
        lanes.ActiveKeys.Should().Be(0);
    }

    [Fact]
    public async Task EnterAsync_CancelledWaiter_LeavesLaneConsistent()
    {
        // Arrange
        var lanes = new SessionLanes();
        var holder = await lanes.EnterAsync("k", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = lanes.EnterAsync("k", cts.Token);
        var next = lanes.EnterAsync("k", CancellationToken.None);

        // Act
        await cts.CancelAsync();
        var act = async () => await cancelled;

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        lanes.ActiveKeys.Should().Be(1);
        holder.Dispose();
        var admitted = await next.AsTask().WaitAsync(Wait);
        admitted.Dispose();
        lanes.ActiveKeys.Should().Be(0);
        var fresh = lanes.EnterAsync("k", CancellationToken.None);
        fresh.IsCompleted.Should().BeTrue();
        (await fresh).Dispose();
    }

    [Fact]
    public async Task EnterAsync_OnlyWaiterCancelled_RemovesLaneWhenHolderLeaves()
    {
        // Arrange
        var lanes = new SessionLanes();
        var holder = await lanes.EnterAsync("k", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = lanes.EnterAsync("k", cts.Token);

        // Act
        await cts.CancelAsync();
        await FluentActions.Awaiting(async () => await cancelled).Should().ThrowAsync<OperationCanceledException>();
        holder.Dispose();

        // Assert
        lanes.ActiveKeys.Should().Be(0);
    }
}

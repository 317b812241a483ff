using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Tests.Http;

public sealed class BodyBudgetTests
{
    private const long MiB = 1024 * 1024;

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryGrow_BeyondTheLimit_RefusesALargeBody_ButNeverASmallOne()
    {
        // Arrange
        var budget = Budget(limit: 10 * MiB);
        using var big = budget.Open();
        big.TryGrow(9 * MiB).Should().BeTrue();

        // Act
        using var second = budget.Open();
        var secondLarge = second.TryGrow(2 * MiB);
        using var small = budget.Open();
        var smallAdmitted = small.TryGrow(BodyBudget.AlwaysAdmittedBytes);

        // Assert
        (secondLarge, smallAdmitted).Should().Be((false, true));
        budget.InFlight.Should().Be((9 * MiB) + BodyBudget.AlwaysAdmittedBytes);
    }

    [Fact]
    public void TryGrow_BodyLargerThanTheBudget_IsAdmittedWhenNothingElseIsInFlight()
    {
        // Arrange: a budget below one body would otherwise refuse it forever (Retry-After on an idle gateway).
        var budget = Budget(limit: 4 * MiB);
        using var alone = budget.Open();

        // Act
        var admitted = alone.TryGrow(20 * MiB);
        using var second = budget.Open();
        var secondAdmitted = second.TryGrow(2 * MiB);

        // Assert
        (admitted, secondAdmitted).Should().Be((true, false));
    }

    [Fact]
    public void Reclaimer_BurstsCloserThanTheMinimumInterval_CollectAtMostThatOften()
    {
        // Arrange
        var (budget, reclaimer) = BudgetAndReclaimer(limit: 100 * MiB);
        var collections = 0;
        reclaimer.Collect = () => collections++;

        // Act: a large request every 3 s for a minute.
        var counts = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var lease = budget.Open();
            lease.TryGrow(2 * MiB);
            lease.Dispose();
            _time.Advance(TimeSpan.FromSeconds(3));
            counts.Add(collections);
        }

        _time.Advance(MemoryReclaimer.MinInterval);

        // Assert: one after the first quiet period, then one per interval, and the last burst is still collected.
        counts[0].Should().Be(1);
        collections.Should().BeInRange(2, 3);
        counts.Should().BeInAscendingOrder();
        counts.Zip(counts.Skip(9)).Should().OnlyContain(pair => pair.Second - pair.First <= 1);
    }

    [Fact]
    public void Dispose_GivesTheReservationBack()
    {
        // Arrange
        var budget = Budget(limit: 10 * MiB);
        var first = budget.Open();
        first.TryGrow(8 * MiB);

        // Act
        first.Dispose();
        first.Dispose();
        using var next = budget.Open();

        // Assert
        next.TryGrow(8 * MiB).Should().BeTrue();
        budget.InFlight.Should().Be(8 * MiB);
    }

    [Fact]
    public void TryGrow_ZeroLimit_AdmitsEverything()
    {
        // Arrange
        var budget = Budget(limit: 0);
        using var lease = budget.Open();

        // Act / Assert
        lease.TryGrow(1024 * MiB).Should().BeTrue();
    }

    [Fact]
    public void Reclaimer_AfterTheLastLargeRequestAndAQuietPeriod_CollectsOnce()
    {
        // Arrange
        var (budget, reclaimer) = BudgetAndReclaimer(limit: 100 * MiB);
        var collections = 0;
        reclaimer.Collect = () => collections++;
        var first = budget.Open();
        var second = budget.Open();
        first.TryGrow(20 * MiB);
        second.TryGrow(20 * MiB);

        // Act
        first.Dispose();
        _time.Advance(MemoryReclaimer.QuietPeriod);
        var whileOneRuns = collections;
        second.Dispose();
        _time.Advance(MemoryReclaimer.QuietPeriod);
        _time.Advance(MemoryReclaimer.QuietPeriod);

        // Assert
        (whileOneRuns, collections).Should().Be((0, 1));
    }

    [Fact]
    public void Reclaimer_ANewLargeRequestWithinTheQuietPeriod_PostponesTheCollection()
    {
        // Arrange
        var (budget, reclaimer) = BudgetAndReclaimer(limit: 100 * MiB);
        var collections = 0;
        reclaimer.Collect = () => collections++;
        var first = budget.Open();
        first.TryGrow(20 * MiB);
        first.Dispose();
        _time.Advance(MemoryReclaimer.QuietPeriod / 2);

        // Act
        var second = budget.Open();
        second.TryGrow(20 * MiB);
        _time.Advance(MemoryReclaimer.QuietPeriod);
        var whileTheSecondRuns = collections;
        second.Dispose();
        _time.Advance(MemoryReclaimer.QuietPeriod);

        // Assert
        (whileTheSecondRuns, collections).Should().Be((0, 1));
    }

    [Fact]
    public void Reclaimer_OnlySmallRequests_NeverCollects()
    {
        // Arrange
        var (budget, reclaimer) = BudgetAndReclaimer(limit: 100 * MiB);
        var collections = 0;
        reclaimer.Collect = () => collections++;

        // Act
        for (var i = 0; i < 100; i++)
        {
            using var lease = budget.Open();
            lease.TryGrow(512 * 1024);
        }

        _time.Advance(TimeSpan.FromMinutes(1));

        // Assert
        collections.Should().Be(0);
    }

    private BodyBudget Budget(long limit) => BudgetAndReclaimer(limit).Budget;

    private (BodyBudget Budget, MemoryReclaimer Reclaimer) BudgetAndReclaimer(long limit)
    {
        var reclaimer = new MemoryReclaimer(_time, NullLogger<MemoryReclaimer>.Instance);
        return (new BodyBudget(Options.Create(new GatewayHttpOptions { MaxBodyBytesInFlight = limit }), reclaimer), reclaimer);
    }
}

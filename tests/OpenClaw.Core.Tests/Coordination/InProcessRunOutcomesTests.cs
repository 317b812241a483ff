using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Coordination.InProcess;

namespace OpenClaw.Core.Tests.Coordination;

/// <summary>Outcomes for <c>agent.wait</c>: a wait may come first, the first outcome wins, waits leave nothing behind.</summary>
public class InProcessRunOutcomesTests
{
    [Fact]
    public async Task WaitAsync_BeforeTheRunAppears_GetsItsOutcome()
    {
        var outcomes = new InProcessRunOutcomes(TimeProvider.System);

        var wait = outcomes.WaitAsync("r1", TimeSpan.FromSeconds(10), CancellationToken.None);
        await outcomes.FinishedAsync(new RunOutcome("r1", 100, 200, RunOutcome.Ok, "stop", null), CancellationToken.None);

        (await wait).Should().Be(new RunOutcome("r1", 100, 200, "ok", "stop", null));
    }

    [Fact]
    public async Task FinishedAsync_TheFirstOutcomeWins()
    {
        var outcomes = new InProcessRunOutcomes(TimeProvider.System);

        await outcomes.FinishedAsync(new RunOutcome("r2", 1, 2, RunOutcome.Failed, null, "boom"), CancellationToken.None);
        await outcomes.FinishedAsync(new RunOutcome("r2", 1, 3, RunOutcome.Ok, "stop", null), CancellationToken.None);

        (await outcomes.WaitAsync("r2", TimeSpan.Zero, CancellationToken.None))!.Error.Should().Be("boom");
    }

    [Fact]
    public async Task WaitAsync_ForARunThatNeverComes_TimesOutOnTheClock_AndLeavesNothingBehind()
    {
        var time = new FakeTimeProvider();
        var outcomes = new InProcessRunOutcomes(time);

        var wait = outcomes.WaitAsync("none", TimeSpan.FromSeconds(30), CancellationToken.None).AsTask();
        wait.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(30));

        (await wait.WaitAsync(TimeSpan.FromSeconds(5))).Should().BeNull();
        outcomes.Count.Should().Be(0);
    }

    [Fact]
    public async Task AnOutcome_IsKeptForFiveMinutes()
    {
        var time = new FakeTimeProvider();
        var outcomes = new InProcessRunOutcomes(time);
        await outcomes.FinishedAsync(new RunOutcome("old", 1, 2, RunOutcome.Ok, "stop", null), CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await outcomes.FinishedAsync(new RunOutcome("new", 3, 4, RunOutcome.Ok, "stop", null), CancellationToken.None);

        outcomes.Count.Should().Be(1, "the sweep dropped the outcome past its retention");
        (await outcomes.WaitAsync("new", TimeSpan.Zero, CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task ManyRunsEndingAtOnce_PastTheCap_AreSweptWithoutFailing()
    {
        // The cap's sweep sorts the outcomes while other runs keep recording theirs.
        var outcomes = new InProcessRunOutcomes(TimeProvider.System);
        var total = InProcessRunOutcomes.MaxEntries * 3;

        await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await outcomes.FinishedAsync(new RunOutcome("r" + i, i, i + 1, RunOutcome.Ok, "stop", null), token));

        outcomes.Count.Should().BeLessThanOrEqualTo(InProcessRunOutcomes.MaxEntries + 8);
    }
}

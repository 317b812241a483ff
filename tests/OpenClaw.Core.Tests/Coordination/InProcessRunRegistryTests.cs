using OpenClaw.Core.Coordination;
using OpenClaw.Core.Coordination.InProcess;

namespace OpenClaw.Core.Tests.Coordination;

/// <summary>Runs by id and by session: one id at a time, aborts cancel the run's source, unregistering forgets it.</summary>
public class InProcessRunRegistryTests
{
    [Fact]
    public async Task RegisterAsync_AnIdInFlight_IsRefused_UntilItsRegistrationIsDisposed()
    {
        var registry = new InProcessRunRegistry();
        using var abort = new CancellationTokenSource();
        var registration = await registry.RegisterAsync(new RunRegistration("r", "s", abort), CancellationToken.None);

        var again = async () => await registry.RegisterAsync(new RunRegistration("r", "s", abort), CancellationToken.None);
        await again.Should().ThrowAsync<RunAlreadyActiveException>();
        await registration.DisposeAsync();

        (await registry.IsActiveAsync("r", CancellationToken.None)).Should().BeFalse();
        await using var next = await registry.RegisterAsync(new RunRegistration("r", "s", abort), CancellationToken.None);
        registry.Count.Should().Be(1);
    }

    [Fact]
    public async Task AbortSessionAsync_CancelsOnlyThatSessionsRuns_OldestFirst()
    {
        var registry = new InProcessRunRegistry();
        using var a1 = new CancellationTokenSource();
        using var a2 = new CancellationTokenSource();
        using var b = new CancellationTokenSource();
        await using var first = await registry.RegisterAsync(new RunRegistration("a1", "session-a", a1), CancellationToken.None);
        await using var second = await registry.RegisterAsync(new RunRegistration("a2", "session-a", a2), CancellationToken.None);
        await using var other = await registry.RegisterAsync(new RunRegistration("b", "session-b", b), CancellationToken.None);

        (await registry.ActiveRunIdsAsync("session-a", CancellationToken.None)).Should().Equal("a1", "a2");
        var aborted = await registry.AbortSessionAsync("session-a", CancellationToken.None);

        aborted.Should().BeEquivalentTo(["a1", "a2"]);
        (a1.IsCancellationRequested, a2.IsCancellationRequested, b.IsCancellationRequested).Should().Be((true, true, false));
    }

    [Fact]
    public async Task AbortAsync_ByRunId_CancelsIt_AndAnUnknownIdIsNotAborted()
    {
        var registry = new InProcessRunRegistry();
        using var abort = new CancellationTokenSource();
        await using var registration = await registry.RegisterAsync(new RunRegistration("r", "s", abort), CancellationToken.None);

        (await registry.AbortAsync("r", CancellationToken.None)).Should().BeTrue();
        (await registry.AbortAsync("unknown", CancellationToken.None)).Should().BeFalse();
        abort.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task WaitForSessionIdleAsync_CompletesOnceTheSessionsLastRunIsUnregistered()
    {
        var registry = new InProcessRunRegistry();
        using var abort = new CancellationTokenSource();
        var registration = await registry.RegisterAsync(new RunRegistration("r", "s", abort), CancellationToken.None);
        var idle = registry.WaitForSessionIdleAsync("s", CancellationToken.None);
        idle.IsCompleted.Should().BeFalse();

        await registration.DisposeAsync();

        await idle.WaitAsync(TimeSpan.FromSeconds(5));
    }
}

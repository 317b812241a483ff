using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Coordination;

/// <summary>First claim wins, repeats join the work, entries in flight never expire, the cap holds.</summary>
public class InProcessIdempotencyStoreTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ClaimAsync_SameKey_IsNewOnce_AndRepeatsGetTheFirstPayload_PerMethod()
    {
        var store = new InProcessIdempotencyStore(TimeProvider.System);

        var first = await store.ClaimAsync("agent", "k", "first", CancellationToken.None);
        var repeat = await store.ClaimAsync("agent", "k", "second", CancellationToken.None);
        var other = await store.ClaimAsync("chat.send", "k", null, CancellationToken.None);

        (first.IsNew, repeat.IsNew, other.IsNew).Should().Be((true, false, true), "keys are per method");
        repeat.Payload.Should().Be("first");
        repeat.Completed.Should().BeFalse();
    }

    [Fact]
    public async Task WaitForCompletionAsync_ARepeatJoinsTheWork_AndGetsItsResult()
    {
        var store = new InProcessIdempotencyStore(TimeProvider.System);
        await store.ClaimAsync("agent", "k", null, CancellationToken.None);
        var joined = store.WaitForCompletionAsync("agent", "k", CancellationToken.None).AsTask();
        var result = new AgentRunResult { RunId = "k", AgentId = "main", SessionKey = "agent:main:main", StopReason = "stop" };

        joined.IsCompleted.Should().BeFalse();
        await store.CompleteAsync("agent", "k", result, CancellationToken.None);

        (await joined.WaitAsync(Wait)).Should().BeSameAs(result);
        (await store.ClaimAsync("agent", "k", null, CancellationToken.None)).Completed.Should().BeTrue();
    }

    [Fact]
    public async Task ForgetAsync_ReleasesJoinedRepeats_AndLetsARetryClaimAfresh()
    {
        var store = new InProcessIdempotencyStore(TimeProvider.System);
        await store.ClaimAsync("agent", "k", null, CancellationToken.None);
        var joined = store.WaitForCompletionAsync("agent", "k", CancellationToken.None).AsTask();

        await store.ForgetAsync("agent", "k", CancellationToken.None);

        (await joined.WaitAsync(Wait)).Should().BeNull();
        (await store.ContainsAsync("agent", "k", CancellationToken.None)).Should().BeFalse();
        (await store.ClaimAsync("agent", "k", null, CancellationToken.None)).IsNew.Should().BeTrue();
    }

    [Fact]
    public async Task AnEntry_ExpiresFiveMinutesAfterItsClaim_OnlyOnceItsWorkCompleted()
    {
        var time = new FakeTimeProvider();
        var store = new InProcessIdempotencyStore(time);
        await store.ClaimAsync("agent", "running", null, CancellationToken.None);
        await store.ClaimAsync("agent", "done", null, CancellationToken.None);
        await store.CompleteAsync("agent", "done", null, CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        (await store.ContainsAsync("agent", "done", CancellationToken.None)).Should().BeFalse();
        (await store.ClaimAsync("agent", "done", null, CancellationToken.None)).IsNew.Should().BeTrue();
        (await store.ContainsAsync("agent", "running", CancellationToken.None)).Should().BeTrue("work in flight is never expired");
        (await store.ClaimAsync("agent", "running", null, CancellationToken.None)).IsNew.Should().BeFalse();
    }

    [Fact]
    public async Task CompletedEntries_StayWithinTheCap()
    {
        var store = new InProcessIdempotencyStore(TimeProvider.System);

        for (var i = 0; i < InProcessIdempotencyStore.MaxEntries + 50; i++)
        {
            await store.ClaimAsync("agent", "k" + i, null, CancellationToken.None);
            await store.CompleteAsync("agent", "k" + i, null, CancellationToken.None);
        }

        store.Count.Should().BeLessThanOrEqualTo(InProcessIdempotencyStore.MaxEntries + 1);
    }
}

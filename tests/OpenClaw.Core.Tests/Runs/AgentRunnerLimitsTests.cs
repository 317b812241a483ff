using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>What bounds a run's waiting: the failure budget of its model calls and the global lane's queue timeout.</summary>
public sealed class AgentRunnerLimitsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task RunAsync_FailedCallsExhaustTheFailureBudget_NoFurtherRetry_ButTheFallbackIsTried()
    {
        // Arrange: pauses of 10 s then 20 s; a 15 s budget allows the first pause, then it is spent: no second pause.
        // The fallback is still tried (once: its own retry would not fit either). The budget leaves 5 s for the
        // calls themselves: the fake clock moves a second whenever a call takes longer than 20 ms of real time.
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            Time = _time,
            RetryPolicy = new ProviderRetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromSeconds(10), FailureBudget = TimeSpan.FromSeconds(15) },
            Fallbacks = ["fake/backup-model"],
        });
        h.Upstream.Responder = _ => FakeUpstreamResponse.Error(500);

        // Act
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);
        await AdvanceUntilAsync(run);

        // Assert
        var result = await run;
        result.Error!.Reason.Should().Be(ProviderFailureReason.ServerError);
        h.Upstream.ChatRequests.Select(r => r.Json!.RootElement.GetProperty("model").GetString()).Should().Equal("fake-model", "fake-model", "backup-model");
    }

    [Fact]
    public async Task RunAsync_GlobalLaneFullPastTheQueueTimeout_FailsWithQueueTimeoutAndRetryAfter()
    {
        // Arrange: one slot, held by a run whose provider hangs.
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            Time = _time,
            MaxConcurrent = 1,
            Limits = new RunLimits { QueueTimeout = TimeSpan.FromSeconds(5) },
        });
        h.Upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();
        using var holder = new CancellationTokenSource();
        var holding = h.Runner.RunAsync(AgentRunnerHarness.Request("first", sessionKey: "a"), holder.Token);
        await h.Upstream.WaitForRequestAsync(1);
        var events = new EventRecorder();

        // Act
        var waiting = h.Runner.RunAsync(AgentRunnerHarness.Request("second", events, sessionKey: "b"), CancellationToken.None);
        var waited = await AdvanceUntilAsync(waiting);

        // Assert
        var result = await waiting;
        waited.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5));
        result.Error.Should().Be(new RunError(RunErrorReasons.QueueTimeout, "the gateway is busy: no run slot freed within 5s", RetryAfter: TimeSpan.FromSeconds(5)));
        events.Events.Should().ContainSingle(e => e.Data is LifecycleFailed);
        h.Upstream.ChatRequests.Should().HaveCount(1);
        await holder.CancelAsync();
        (await holding).Aborted.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_WithoutAQueueTimeout_WaitsForTheSlot()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Time = _time, MaxConcurrent = 1 });
        h.Upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders(), FakeUpstreamResponse.Text("served"));
        using var holder = new CancellationTokenSource();
        var holding = h.Runner.RunAsync(AgentRunnerHarness.Request("first", sessionKey: "a"), holder.Token);
        await h.Upstream.WaitForRequestAsync(1);
        var waiting = h.Runner.RunAsync(AgentRunnerHarness.Request("second", sessionKey: "b"), CancellationToken.None);

        // Act: long past any queue timeout, short of the hung provider's own deadline (300 s on loopback, same clock).
        _time.Advance(TimeSpan.FromMinutes(4));
        await holder.CancelAsync();

        // Assert
        (await waiting).Payloads.Should().Equal("served");
        (await holding).Aborted.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_WithMaxQueuedRunsWaiting_IsRefusedAtOnce_WithQueueFullAndRetryAfter()
    {
        // Arrange: one slot, held by a hung run; one run may wait, and does.
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            Time = _time,
            MaxConcurrent = 1,
            Limits = new RunLimits { MaxQueuedRuns = 1 },
        });
        h.Upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders(), FakeUpstreamResponse.Text("served"));
        using var holder = new CancellationTokenSource();
        var holding = h.Runner.RunAsync(AgentRunnerHarness.Request("first", sessionKey: "a"), holder.Token);
        await h.Upstream.WaitForRequestAsync(1);
        var waiting = h.Runner.RunAsync(AgentRunnerHarness.Request("second", sessionKey: "b"), CancellationToken.None);
        h.Runner.QueuedRuns.Should().Be(1);
        var events = new EventRecorder();

        // Act
        var refused = await h.Runner.RunAsync(AgentRunnerHarness.Request("third", events, sessionKey: "c"), CancellationToken.None);

        // Assert
        refused.Error.Should().Be(new RunError(RunErrorReasons.QueueFull, "the gateway is busy: 1 runs are already waiting for a slot", RetryAfter: TimeSpan.FromSeconds(5)));
        events.Events.Should().ContainSingle(e => e.Data is LifecycleFailed);
        await holder.CancelAsync();
        (await waiting).Payloads.Should().Equal("served");
        (await holding).Aborted.Should().BeTrue();
        h.Runner.QueuedRuns.Should().Be(0, "every run leaves the queue count, refused or served");
        h.Upstream.ChatRequests.Should().HaveCount(2);
    }

    /// <summary>Moves the fake clock a second at a time until <paramref name="task"/> ends; returns the time moved.</summary>
    private async Task<TimeSpan> AdvanceUntilAsync(Task task)
    {
        var moved = TimeSpan.Zero;
        for (var i = 0; i < 600 && !task.IsCompleted; i++)
        {
            // Let the run reach its next timer before the clock moves (the timers it waits on are the subject).
            await Task.WhenAny(task, Task.Delay(20));
            if (!task.IsCompleted)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                moved += TimeSpan.FromSeconds(1);
            }
        }

        task.IsCompleted.Should().BeTrue("the run must end within 600 s of fake time");
        return moved;
    }
}

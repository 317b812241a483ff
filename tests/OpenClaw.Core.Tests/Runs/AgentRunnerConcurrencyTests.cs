using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

public class AgentRunnerConcurrencyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>A slow first reply: had the second run not waited, its request would reach the fake meanwhile.</summary>
    private static readonly FakeUpstreamResponse SlowReply = new() { DelayBeforeHeaders = TimeSpan.FromMilliseconds(600) };

    [Fact]
    public async Task RunAsync_TwoRunsOnOneKey_SecondUpstreamRequestStartsAfterFirstCompletes()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(SlowReply);
        var requestsWhenFirstEnded = -1;
        var first = new EventRecorder(e => CountWhenEnded(e, h, ref requestsWhenFirstEnded));

        // Act
        var runA = h.Runner.RunAsync(AgentRunnerHarness.Request("first", first, "shared"), CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(1);
        var runB = h.Runner.RunAsync(AgentRunnerHarness.Request("second", sessionKey: "shared"), CancellationToken.None);
        var results = await Task.WhenAll(runA, runB).WaitAsync(Wait);

        // Assert
        results.Should().OnlyContain(r => r.Error == null);
        requestsWhenFirstEnded.Should().Be(1, "the second run must wait in the session lane until the first has finished");
        var second = await h.UpstreamMessagesAsync(2);
        second.Select(m => m.Role).Should().Equal("system", "user", "assistant", "user");
        second[2].Content.Should().Be("echo: first");
    }

    [Fact]
    public async Task RunAsync_MaxConcurrentOne_SerializesRunsAcrossKeys()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { MaxConcurrent = 1 });
        h.Upstream.Enqueue(SlowReply);
        var requestsWhenFirstEnded = -1;
        var first = new EventRecorder(e => CountWhenEnded(e, h, ref requestsWhenFirstEnded));

        // Act
        var runA = h.Runner.RunAsync(AgentRunnerHarness.Request("first", first, "key-a"), CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(1);
        var runB = h.Runner.RunAsync(AgentRunnerHarness.Request("second", sessionKey: "key-b"), CancellationToken.None);
        var results = await Task.WhenAll(runA, runB).WaitAsync(Wait);

        // Assert
        results.Should().OnlyContain(r => r.Error == null);
        requestsWhenFirstEnded.Should().Be(1, "the global lane admits one run at a time");
        (await h.UpstreamMessagesAsync(2)).Select(m => m.Role).Should().Equal("system", "user");
    }

    [Fact]
    public async Task RunAsync_DifferentKeysWithinMaxConcurrent_RunInParallel()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { MaxConcurrent = 2 });
        h.Upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        using var cts = new CancellationTokenSource();
        var runA = h.Runner.RunAsync(AgentRunnerHarness.Request("first", sessionKey: "key-a"), cts.Token);
        await h.Upstream.WaitForRequestAsync(1);

        // Act
        var resultB = await h.Runner.RunAsync(AgentRunnerHarness.Request("second", sessionKey: "key-b"), CancellationToken.None).WaitAsync(Wait);

        // Assert
        resultB.Payloads.Should().Equal("echo: second");
        runA.IsCompleted.Should().BeFalse("the first run is still waiting for its provider");
        await cts.CancelAsync();
        (await runA.WaitAsync(Wait)).Aborted.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaitingInLane_ReturnsAbortedWithoutCallingTheModel()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(new FakeUpstreamResponse { DelayBeforeHeaders = TimeSpan.FromSeconds(1) });
        var runA = h.Runner.RunAsync(AgentRunnerHarness.Request("first", sessionKey: "shared"), CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(1);
        using var cts = new CancellationTokenSource();
        var events = new EventRecorder();
        var runB = h.Runner.RunAsync(AgentRunnerHarness.Request("second", events, "shared"), cts.Token);

        // Act
        await cts.CancelAsync();
        var resultB = await runB.WaitAsync(Wait);
        await runA.WaitAsync(Wait);

        // Assert
        (resultB.Aborted, resultB.StopReason, resultB.Error).Should().Be((true, "aborted", (RunError?)null));
        events.Events.Should().ContainSingle("a run that never started still ends with exactly one terminal event")
            .Which.Data.Should().BeOfType<LifecycleEnded>().Which.Aborted.Should().BeTrue();
        h.Upstream.ChatRequests.Should().ContainSingle();
        h.Runner.ActiveRuns.Should().Be(0);
    }

    private static void CountWhenEnded(AgentEvent e, AgentRunnerHarness h, ref int count)
    {
        if (e.Data is LifecycleEnded or LifecycleFailed)
        {
            count = h.Upstream.ChatRequests.Count;
        }
    }

    [Fact]
    public async Task AbortSession_CancelsTheRunsOfThatSessionOnly()
    {
        // Arrange: a run on session "a" hangs in its model call; one on "b" hangs too.
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial"), FakeUpstreamResponse.HangAfter("other"));
        var runA = h.Runner.RunAsync(AgentRunnerHarness.Request("a", sessionKey: "a"), CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(1);
        var requestB = AgentRunnerHarness.Request("b", sessionKey: "b");
        var runB = h.Runner.RunAsync(requestB, CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(2);

        // Act
        var cancelled = await h.Coordination.Runs.AbortSessionAsync(OpenClaw.Core.Sessions.SessionKeys.Canonicalize("a", "main", "main", false), CancellationToken.None);

        // Assert
        var resultA = await runA.WaitAsync(Wait);
        (resultA.Aborted, resultA.StopReason).Should().Be((true, "aborted"));
        cancelled.Should().Equal(resultA.RunId);
        runB.IsCompleted.Should().BeFalse();
        (await h.Coordination.Runs.AbortAsync(requestB.RunId, CancellationToken.None)).Should().BeTrue();
        (await runB.WaitAsync(Wait)).Aborted.Should().BeTrue();
    }
}

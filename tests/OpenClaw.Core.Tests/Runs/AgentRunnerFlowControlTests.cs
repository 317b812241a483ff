using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>The runner waits for room in a sink that offers flow control (the HTTP stream of a slow reader).</summary>
public sealed class AgentRunnerFlowControlTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_SinkWithFlowControl_PublishesNoDeltaWhileTheSinkHasNoRoom()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.Text("one", "two", "three"));
        var sink = new GatedSink();

        // Act: room is given one wait at a time.
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hi", sink), CancellationToken.None);
        var deltasAtEachWait = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            deltasAtEachWait.Add(await sink.NextWaitAsync().WaitAsync(Wait));
            sink.GiveRoom();
        }

        var result = await run.WaitAsync(Wait);

        // Assert
        result.Error.Should().BeNull();
        deltasAtEachWait.Should().Equal(1, 2, 3);
        sink.DeltaWhileWaiting.Should().BeFalse();
        sink.Deltas.Should().Equal("one", "two", "three");
    }

    [Fact]
    public async Task RunAsync_SinkNeverMakesRoom_TimesOutAndCancelsTheUpstream()
    {
        // Arrange: the run's timeout runs on a fake clock, fired once the runner is seen waiting.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Time = clock });
        h.Upstream.Enqueue(FakeUpstreamResponse.HangAfter("so", "far"));
        var sink = new GatedSink();
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hi", sink) with { TimeoutSeconds = 30 }, CancellationToken.None);
        await sink.NextWaitAsync().WaitAsync(Wait);

        // Act
        clock.Advance(TimeSpan.FromSeconds(31));
        var result = await run.WaitAsync(Wait);

        // Assert
        result.Error.Should().Be(new RunError(RunErrorReasons.Timeout, "Agent run timed out after 30s"));
        sink.Deltas.Should().Equal("so");
        (await h.Upstream.ChatRequests[0].WaitForCompletionAsync(Wait)).IsClientAborted.Should().BeTrue();
        var entries = await h.Store.ReadTranscriptAsync(result.SessionId!, CancellationToken.None);
        var last = JsonDocument.Parse(entries[^1].PayloadJson).RootElement.GetProperty("message");
        last.GetProperty("stopReason").GetString().Should().Be("aborted");
        last.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("so");
    }

    /// <summary>A sink that has room only when the test gives it, one wait at a time.</summary>
    private sealed class GatedSink : IAgentEventSink, IAgentEventFlowControl
    {
        private readonly Lock _lock = new();
        private readonly List<string> _deltas = [];
        private TaskCompletionSource<int> _waitStarted = NewSignal<int>();
        private TaskCompletionSource? _room;

        public IReadOnlyList<string> Deltas
        {
            get
            {
                lock (_lock)
                {
                    return [.. _deltas];
                }
            }
        }

        /// <summary>Set when a delta arrived while the runner was supposed to be waiting for room.</summary>
        public bool DeltaWhileWaiting { get; private set; }

        public void OnEvent(AgentEvent agentEvent)
        {
            if (agentEvent.Data is not AssistantDelta delta)
            {
                return;
            }

            lock (_lock)
            {
                DeltaWhileWaiting |= _room is not null;
                _deltas.Add(delta.Delta);
            }
        }

        public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource room;
            lock (_lock)
            {
                room = _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waitStarted.TrySetResult(_deltas.Count);
            }

            return new ValueTask(room.Task.WaitAsync(cancellationToken));
        }

        /// <summary>The number of deltas published when the runner next waits for room.</summary>
        public Task<int> NextWaitAsync()
        {
            lock (_lock)
            {
                return _waitStarted.Task;
            }
        }

        public void GiveRoom()
        {
            TaskCompletionSource? room;
            lock (_lock)
            {
                room = _room;
                _room = null;
                _waitStarted = NewSignal<int>();
            }

            room?.TrySetResult();
        }

        private static TaskCompletionSource<T> NewSignal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

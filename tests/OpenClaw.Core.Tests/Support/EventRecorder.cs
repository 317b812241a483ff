using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Support;

/// <summary>Records a run's events in order; tests can wait for one and hook in while the run still holds its lanes.</summary>
internal sealed class EventRecorder(Action<AgentEvent>? hook = null) : IAgentEventSink
{
    private readonly Lock _lock = new();
    private readonly List<AgentEvent> _events = [];
    private readonly List<(Func<AgentEvent, bool> Match, TaskCompletionSource<AgentEvent> Signal)> _waiters = [];

    public IReadOnlyList<AgentEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        hook?.Invoke(agentEvent);
        List<TaskCompletionSource<AgentEvent>> matched = [];
        lock (_lock)
        {
            _events.Add(agentEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(agentEvent))
                {
                    matched.Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in matched)
        {
            signal.TrySetResult(agentEvent);
        }
    }

    /// <summary>The first event (already recorded or still to come) that satisfies <paramref name="match"/>.</summary>
    public Task<AgentEvent> WaitForAsync(Func<AgentEvent, bool> match, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource<AgentEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_events.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            _waiters.Add((match, signal));
        }

        return signal.Task.WaitAsync(timeout);
    }
}

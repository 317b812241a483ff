using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Coordination.InProcess;

/// <summary>Hands each event to this process's subscribers, inline and in order.</summary>
public sealed class InProcessRunEvents : IRunEvents
{
    private IAgentEventSink[] _subscribers = [];

    public IDisposable Subscribe(IAgentEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Update(current => [.. current, sink]);
        return new Subscription(this, sink);
    }

    public void Publish(AgentEvent agentEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber.OnEvent(agentEvent);
            }
            catch (Exception)
            {
                // A failing subscriber must not fail the run or keep the others from hearing about it.
            }
        }
    }

    private void Update(Func<IAgentEventSink[], IAgentEventSink[]> update)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscribers);
            if (Interlocked.CompareExchange(ref _subscribers, update(current), current) == current)
            {
                return;
            }
        }
    }

    private sealed class Subscription(InProcessRunEvents owner, IAgentEventSink sink) : IDisposable
    {
        public void Dispose() => owner.Update(current => [.. current.Where(s => s != sink)]);
    }
}

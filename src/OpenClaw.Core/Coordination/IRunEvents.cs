using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Coordination;

/// <summary>
/// The fan-out of every run's events (WS broadcasts, the chat projection). <see cref="AgentEvent.Seq"/> numbers each
/// run's events from 1, so a reader in another process can order them and see a gap.
/// </summary>
public interface IRunEvents
{
    /// <summary>
    /// Hands the event to every subscriber. It never blocks the run: an implementation that crosses processes queues
    /// the event, in order, and sends it in the background.
    /// </summary>
    void Publish(AgentEvent agentEvent);

    IDisposable Subscribe(IAgentEventSink sink);
}

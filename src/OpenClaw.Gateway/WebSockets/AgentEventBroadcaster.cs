using Microsoft.Extensions.Options;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Subscribes to the run events (every entry point's runs) and turns them into <c>agent</c> and <c>chat</c>
/// broadcasts. Called inline by runs: it only serializes and queues, never blocks.
/// </summary>
internal sealed class AgentEventBroadcaster : IAgentEventSink, IHostedService
{
    private readonly IRunEvents _events;
    private readonly SocketHub _hub;
    private readonly ChatProjector _chat;
    private IDisposable? _subscription;

    public AgentEventBroadcaster(IRunCoordination coordination, SocketHub hub, IOptions<GatewaySocketOptions> options, TimeProvider time)
    {
        _events = coordination.Events;
        _hub = hub;
        _chat = new ChatProjector(
            (payload, droppable) => hub.Broadcast("chat", payload, droppable, SocketHub.CanRead),
            TimeSpan.FromMilliseconds(options.Value.ChatDeltaThrottleMilliseconds),
            time);
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        if (_hub.Count > 0)
        {
            var isTool = agentEvent.Data is ToolStarted or ToolFinished;
            _hub.Broadcast(
                "agent",
                AgentEventPayloads.Write(agentEvent),
                droppable: false,
                isTool ? session => session.ToolEvents && SocketHub.CanRead(session) : SocketHub.CanRead);
        }

        _chat.OnEvent(agentEvent, _hub.Count > 0);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = _events.Subscribe(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}

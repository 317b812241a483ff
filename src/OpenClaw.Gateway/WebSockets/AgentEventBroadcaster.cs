using Microsoft.Extensions.Options;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Subscribes to the run event bus (every entry point's runs) and turns events into <c>agent</c> and <c>chat</c>
/// broadcasts and <c>agent.wait</c> outcomes. Called inline by runs: it only serializes and queues, never blocks.
/// </summary>
internal sealed class AgentEventBroadcaster : IAgentEventSink, IHostedService
{
    private readonly AgentEventBus _bus;
    private readonly SocketHub _hub;
    private readonly RunTracker _tracker;
    private readonly ChatProjector _chat;
    private IDisposable? _subscription;

    public AgentEventBroadcaster(AgentEventBus bus, SocketHub hub, RunTracker tracker, IOptions<GatewaySocketOptions> options, TimeProvider time)
    {
        _bus = bus;
        _hub = hub;
        _tracker = tracker;
        _chat = new ChatProjector(
            (payload, droppable) => hub.Broadcast("chat", payload, droppable, SocketHub.CanRead),
            TimeSpan.FromMilliseconds(options.Value.ChatDeltaThrottleMilliseconds),
            time);
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        switch (agentEvent.Data)
        {
            case LifecycleStarted started:
                _tracker.Started(agentEvent.RunId, started.StartedAt);
                break;
            case LifecycleEnded ended:
                _tracker.Finished(agentEvent.RunId, ended.StartedAt, ended.EndedAt, "ok", ended.StopReason, null);
                break;
            case LifecycleFailed failed:
                _tracker.Finished(agentEvent.RunId, failed.StartedAt, failed.EndedAt, "error", null, failed.Error);
                break;
        }

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
        _subscription = _bus.Subscribe(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}

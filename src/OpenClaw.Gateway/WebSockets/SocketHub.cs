using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// The open control-plane sockets: broadcasts (gateway-protocol.md §5), the <c>tick</c> and <c>health</c> timers,
/// and the shutdown sequence (§5.3: <c>shutdown</c> event, drain in-flight requests, close 1001).
/// </summary>
internal sealed partial class SocketHub(
    IOptions<GatewaySocketOptions> options,
    HealthService health,
    GatewayLifecycle lifecycle,
    TimeProvider time,
    ILogger<SocketHub> logger) : IHostedLifecycleService, IDisposable
{
    private readonly ConcurrentDictionary<string, SocketConnection> _connections = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _timers = Task.CompletedTask;
    private Task _shutdown = Task.CompletedTask;
    private int _count;

    /// <summary>True once the gateway is stopping: new requests are refused with <c>UNAVAILABLE</c>.</summary>
    public bool Draining => lifecycle.Draining || _stopping.IsCancellationRequested;

    /// <summary>Open sockets; read on every run event, so kept as a plain counter rather than a dictionary count.</summary>
    public int Count => Volatile.Read(ref _count);

    public void Add(SocketConnection connection)
    {
        _connections[connection.ConnId] = connection;
        Interlocked.Increment(ref _count);
        if (_stopping.IsCancellationRequested)
        {
            connection.Close(SocketCloseCodes.GoingAway, "gateway stopping");
        }
    }

    public void Remove(SocketConnection connection)
    {
        if (_connections.TryRemove(connection.ConnId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>
    /// Sends an event to every connected socket that passes <paramref name="filter"/>; the payload is serialized once
    /// and framed per socket with that socket's own <c>seq</c>.
    /// </summary>
    public void Broadcast(string name, byte[] payloadJson, bool droppable, Func<SocketSession, bool>? filter = null, JsonNode? stateVersion = null)
    {
        foreach (var (_, connection) in _connections)
        {
            if (connection.Session is { } session && (filter is null || filter(session)))
            {
                connection.SendEvent(name, payloadJson, droppable, stateVersion);
            }
        }
    }

    /// <summary><c>agent</c> and <c>chat</c> events go to sockets holding <c>operator.read</c>.</summary>
    public static bool CanRead(SocketSession session) => session.Has(GatewayScopes.Read);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _timers = Task.WhenAll(TickAsync(_stopping.Token), HealthAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    /// <summary>Announces the shutdown at once; the drain and the closes run while the listener stops.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        Broadcast("shutdown", SocketFrames.Payload(new JsonObject { ["reason"] = "gateway stopping" }), droppable: false);
        _shutdown = CloseAllAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _shutdown.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _timers.ConfigureAwait(false);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private async Task CloseAllAsync()
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromMilliseconds(options.Value.ShutdownDrainMilliseconds);
        while (_connections.Values.Any(c => c.InFlight > 0) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var (_, connection) in _connections)
        {
            connection.Close(SocketCloseCodes.GoingAway, "gateway stopping");
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.TickIntervalMilliseconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Broadcast("tick", SocketFrames.Payload(new JsonObject { ["ts"] = time.GetUtcNow().ToUnixTimeMilliseconds() }), droppable: true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Refreshes the health summary and broadcasts it when it changed (at most once per interval).</summary>
    private async Task HealthAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.HealthBroadcastMilliseconds), time);
        var sent = health.Version;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_connections.IsEmpty)
                {
                    continue;
                }

                try
                {
                    var summary = await health.GetAsync(probe: true, cancellationToken).ConfigureAwait(false);
                    if (health.Version != sent)
                    {
                        sent = health.Version;
                        Broadcast("health", SocketFrames.Payload(summary), droppable: true, stateVersion: new JsonObject { ["presence"] = 1, ["health"] = sent });
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.HealthRefreshFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6020, EventName = "HealthRefreshFailed", Level = LogLevel.Warning, Message = "health refresh failed")]
        public static partial void HealthRefreshFailed(ILogger logger, Exception exception);
    }
}

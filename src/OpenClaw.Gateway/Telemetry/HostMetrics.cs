using System.Diagnostics.Metrics;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Gateway.Telemetry;

/// <summary>The host's own gauges: open WebSocket connections and open SSE streams (by route template).</summary>
internal sealed class HostMetrics
{
    private readonly UpDownCounter<long> _sockets;
    private readonly UpDownCounter<long> _streams;

    public HostMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayTelemetry.Name);
        _sockets = meter.CreateUpDownCounter<long>("openclaw.ws.connections", "{connection}", "Open WebSocket control-plane connections.");
        _streams = meter.CreateUpDownCounter<long>("openclaw.sse.streams", "{stream}", "Open server-sent-event responses, by route.");
    }

    /// <summary>Counts a connection until the returned handle is disposed.</summary>
    public IDisposable WebSocketOpened()
    {
        _sockets.Add(1);
        return new Decrement(() => _sockets.Add(-1));
    }

    /// <summary>Counts an SSE stream under its route template (never its path, which may hold a session key).</summary>
    public IDisposable SseStreamOpened(string route)
    {
        var tag = new KeyValuePair<string, object?>("http.route", route);
        _streams.Add(1, tag);
        return new Decrement(() => _streams.Add(-1, tag));
    }

    private sealed class Decrement(Action undo) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                undo();
            }
        }
    }
}

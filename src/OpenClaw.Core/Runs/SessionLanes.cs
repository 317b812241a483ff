namespace OpenClaw.Core.Runs;

/// <summary>One FIFO lane per session key: runs on the same session never interleave (agent-runtime.md §6.6).</summary>
public sealed class SessionLanes
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    public async ValueTask<IDisposable> EnterAsync(string sessionKey, CancellationToken cancellationToken)
    {
        Lane lane;
        lock (_lock)
        {
            if (!_lanes.TryGetValue(sessionKey, out lane!))
            {
                lane = new Lane();
                _lanes[sessionKey] = lane;
            }

            lane.Users++;
        }

        try
        {
            var slot = await lane.Gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            return new LaneSlot(this, sessionKey, lane, slot);
        }
        catch
        {
            Leave(sessionKey, lane);
            throw;
        }
    }

    /// <summary>Number of keys with an active or waiting run (for diagnostics and tests).</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_lock)
            {
                return _lanes.Count;
            }
        }
    }

    private void Leave(string sessionKey, Lane lane)
    {
        lock (_lock)
        {
            if (--lane.Users == 0)
            {
                _lanes.Remove(sessionKey);
            }
        }
    }

    private sealed class Lane
    {
        public FifoGate Gate { get; } = new(1);

        public int Users { get; set; }
    }

    private sealed class LaneSlot(SessionLanes owner, string key, Lane lane, FifoGate.Releaser slot) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                slot.Dispose();
                owner.Leave(key, lane);
            }
        }
    }
}

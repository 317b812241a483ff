using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Coordination.InProcess;

/// <summary>
/// One FIFO lane per session key. A lease held in this process never expires: if the process dies, so does the turn
/// that held it.
/// </summary>
public sealed class InProcessSessionLeases : ISessionLeases
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Number of keys with a held or awaited lease (for diagnostics and tests).</summary>
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

    public async ValueTask<ISessionLease> AcquireAsync(string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
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
            return new Lease(this, sessionKey, lane, slot);
        }
        catch
        {
            Leave(sessionKey, lane);
            throw;
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

    private sealed class Lease(InProcessSessionLeases owner, string key, Lane lane, FifoGate.Releaser slot) : ISessionLease
    {
        private int _disposed;

        public string SessionKey => key;

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                slot.Dispose();
                owner.Leave(key, lane);
            }

            return ValueTask.CompletedTask;
        }
    }
}

using System.Collections.Concurrent;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Dedupe of side-effecting requests by <c>(method, idempotencyKey)</c> (gateway-protocol.md §4.3): 5 minute TTL,
/// at most 1 000 entries, swept at most every 60 s. The value is whatever the method needs to answer a repeat; an
/// entry whose work is still running (<see cref="IInFlight"/>) is never expired or evicted, so a retry always joins it.
/// </summary>
internal sealed class IdempotencyCache(TimeProvider time)
{
    public const int MaxEntries = 1000;
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Method, string Key), Entry> _entries = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>The existing value for the key, or <paramref name="create"/>'s, atomically; <paramref name="added"/> tells which.</summary>
    public T GetOrAdd<T>(string method, string key, Func<T> create, out bool added)
        where T : class
    {
        Sweep();
        var fresh = new Once(create);
        var now = time.GetUtcNow();
        var entry = _entries.AddOrUpdate(
            (method, key),
            _ => new Entry(fresh, now),
            (_, existing) => now - existing.CreatedAt > Ttl && !existing.Running ? new Entry(fresh, now) : existing);
        added = ReferenceEquals(entry.Value, fresh);
        return (T)((Once)entry.Value).Value;
    }

    public int Count => _entries.Count;

    /// <summary>Forgets the key so that a retry starts afresh; called by the work itself as it ends.</summary>
    public void Remove(string method, string key) => _entries.TryRemove((method, key), out _);

    /// <summary>True when a live entry exists for the key (a repeat, not a new request).</summary>
    public bool Contains(string method, string key) =>
        _entries.TryGetValue((method, key), out var entry) && (time.GetUtcNow() - entry.CreatedAt <= Ttl || entry.Running);

    private void Sweep()
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep < SweepInterval && _entries.Count <= MaxEntries)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.CreatedAt > Ttl && !entry.Running)
            {
                _entries.TryRemove(key, out _);
            }
        }

        // Over the cap: the oldest go first.
        var excess = _entries.Count - MaxEntries;
        if (excess > 0)
        {
            foreach (var (key, _) in _entries.Where(e => !e.Value.Running).OrderBy(e => e.Value.CreatedAt).Take(excess))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(object Value, DateTimeOffset CreatedAt)
    {
        /// <summary>True while the value's work has not completed.</summary>
        public bool Running => ((Once)Value).Current is IInFlight { Completion.IsCompleted: false };
    }

    /// <summary>Runs its factory once, on first use, even when several callers race for it.</summary>
    private sealed class Once(Func<object> create)
    {
        private readonly Lock _lock = new();
        private object? _value;

        /// <summary>The value if it was created already (never runs the factory).</summary>
        public object? Current => Volatile.Read(ref _value);

        public object Value
        {
            get
            {
                lock (_lock)
                {
                    return _value ??= create();
                }
            }
        }
    }
}

/// <summary>A cached value whose work may still be running.</summary>
internal interface IInFlight
{
    Task Completion { get; }
}

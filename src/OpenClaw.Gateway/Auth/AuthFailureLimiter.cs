using System.Collections.Concurrent;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Auth;

/// <summary>
/// The optional failed-auth lockout (http-api.md §3.4): a sliding window of failures per client address; reaching
/// <c>maxAttempts</c> locks the address for <c>lockoutMs</c>. Active only while <c>gateway.auth.rateLimit</c> exists.
/// The map holds at most 10,000 keys: a new one pushes out the entries idle longest, so a flood of fresh addresses can
/// neither grow the map nor go untracked.
/// </summary>
internal sealed class AuthFailureLimiter
{
    private const int DefaultMaxKeys = 10_000;
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _maxKeys;
    private long _lastPrune;

    public AuthFailureLimiter(TimeProvider time)
        : this(time, DefaultMaxKeys)
    {
    }

    internal AuthFailureLimiter(TimeProvider time, int maxKeys)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        _time = time;
        _maxKeys = maxKeys;
    }

    /// <summary>Keys tracked now (for tests of the cap and pruning).</summary>
    internal int Count => _entries.Count;

    /// <summary>True while <paramref name="key"/> is locked; <paramref name="retryAfter"/> is the time left.</summary>
    public bool IsLocked(string key, AuthRateLimitConfig options, bool isLoopback, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if ((isLoopback && options.ExemptLoopback) || !_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (entry)
        {
            if (entry.LockedUntil > now)
            {
                retryAfter = TimeSpan.FromMilliseconds(entry.LockedUntil - now);
                return true;
            }

            if (entry.LockedUntil != 0)
            {
                // The lock expired: its history goes with it.
                entry.LockedUntil = 0;
                entry.Failures.Clear();
            }
        }

        return false;
    }

    public void RecordFailure(string key, AuthRateLimitConfig options, bool isLoopback)
    {
        if (isLoopback && options.ExemptLoopback)
        {
            return;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Prune(now, options);
        if (!_entries.ContainsKey(key) && _entries.Count >= _maxKeys)
        {
            MakeRoom(now);
        }

        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.LockedUntil > now)
            {
                return;
            }

            while (entry.Failures.Count > 0 && entry.Failures.Peek() <= now - options.WindowMs)
            {
                entry.Failures.Dequeue();
            }

            entry.Failures.Enqueue(now);
            entry.LastFailure = now;
            if (entry.Failures.Count >= options.MaxAttempts)
            {
                entry.LockedUntil = now + options.LockoutMs;
            }
        }
    }

    public void Reset(string key) => _entries.TryRemove(key, out _);

    private void Prune(long now, AuthRateLimitConfig options)
    {
        var last = Interlocked.Read(ref _lastPrune);
        if (now - last < PruneInterval.TotalMilliseconds || Interlocked.CompareExchange(ref _lastPrune, now, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.LockedUntil <= now && entry.LastFailure <= now - options.WindowMs)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>
    /// Evicts a tenth of the cap at once (one sort serves many new keys): unlocked entries by oldest last failure
    /// first, then, only if every entry is locked, the locks that end soonest.
    /// </summary>
    private void MakeRoom(long now)
    {
        var victims = _entries
            .Select(pair => (pair.Key, Locked: pair.Value.LockedUntil > now, pair.Value.LockedUntil, pair.Value.LastFailure))
            .OrderBy(e => e.Locked)
            .ThenBy(e => e.Locked ? e.LockedUntil : e.LastFailure)
            .Take(Math.Max(1, _maxKeys / 10))
            .ToList();
        foreach (var victim in victims)
        {
            _entries.TryRemove(victim.Key, out _);
        }
    }

    private sealed class Entry
    {
        public Queue<long> Failures { get; } = new();

        public long LockedUntil { get; set; }

        public long LastFailure { get; set; }
    }
}

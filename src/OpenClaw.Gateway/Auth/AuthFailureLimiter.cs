using System.Collections.Concurrent;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Auth;

/// <summary>
/// The optional failed-auth lockout (http-api.md §3.4): a sliding window of failures per client address; reaching
/// <c>maxAttempts</c> locks the address for <c>lockoutMs</c>. Active only while <c>gateway.auth.rateLimit</c> exists.
/// </summary>
internal sealed class AuthFailureLimiter(TimeProvider time)
{
    private const int MaxKeys = 10_000;
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _lastPrune;

    /// <summary>True while <paramref name="key"/> is locked; <paramref name="retryAfter"/> is the time left.</summary>
    public bool IsLocked(string key, AuthRateLimitConfig options, bool isLoopback, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if ((isLoopback && options.ExemptLoopback) || !_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
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

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Prune(now, options);
        if (_entries.Count >= MaxKeys && !_entries.ContainsKey(key))
        {
            return;
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
                var newest = entry.Failures.Count > 0 ? entry.Failures.Max() : 0;
                if (entry.LockedUntil <= now && newest <= now - options.WindowMs)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Entry
    {
        public Queue<long> Failures { get; } = new();

        public long LockedUntil { get; set; }
    }
}

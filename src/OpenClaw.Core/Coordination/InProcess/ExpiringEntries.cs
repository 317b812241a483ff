using System.Collections.Concurrent;

namespace OpenClaw.Core.Coordination.InProcess;

/// <summary>The sweep of the in-process maps whose entries age out: expire what is past its time, then trim to a cap.</summary>
internal static class ExpiringEntries
{
    /// <summary>
    /// Removes the entries aged more than <paramref name="ttl"/>; then, when more than <paramref name="cap"/> remain,
    /// the oldest ones until <paramref name="trimTo"/> are left. An entry whose <paramref name="agingSince"/> is null
    /// (its work has not finished) is never removed.
    /// </summary>
    public static void Sweep<TKey, TEntry>(
        ConcurrentDictionary<TKey, TEntry> entries, Func<TEntry, DateTimeOffset?> agingSince, DateTimeOffset now, TimeSpan ttl, int cap, int trimTo)
        where TKey : notnull
    {
        foreach (var (key, entry) in entries)
        {
            if (agingSince(entry) is { } since && now - since > ttl)
            {
                entries.TryRemove(key, out _);
            }
        }

        if (entries.Count <= cap)
        {
            return;
        }

        // A snapshot first: sorting the live dictionary races with the entries added meanwhile.
        var oldest = entries.ToArray()
            .Select(e => (e.Key, Since: agingSince(e.Value)))
            .Where(e => e.Since is not null)
            .OrderBy(e => e.Since)
            .Take(entries.Count - trimTo);
        foreach (var (key, _) in oldest)
        {
            entries.TryRemove(key, out _);
        }
    }
}

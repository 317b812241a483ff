namespace OpenClaw.Core.Sessions;

/// <summary>
/// In-process notices of entries appended to transcripts, published once their write has completed (see
/// <see cref="PublishingSessionStore"/>). Publishing never waits for a subscriber: each one holds what it has not
/// taken yet up to its own byte bound, past which it drops everything and is marked lagged (its reader re-reads the
/// transcript instead). Only appends made by this process are seen; another instance's writes are not.
/// </summary>
public sealed class TranscriptFeed
{
    /// <summary>What one subscriber may hold untaken before it lags; a turn's appends are usually a few KiB.</summary>
    public const long DefaultMaxPendingBytes = 1024 * 1024;

    /// <summary>What an entry holds besides its JSON: the record, its ids and the list slot.</summary>
    internal const int EntryOverheadBytes = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TranscriptSubscription[]> _subscribers = new(StringComparer.Ordinal);
    private int _count;
    private long _peakPendingBytes;
    private long _lags;

    /// <summary>Live subscriptions, over all transcripts.</summary>
    public int SubscriberCount => Volatile.Read(ref _count);

    /// <summary>The most bytes any one subscriber has held untaken.</summary>
    public long PeakPendingBytes => Interlocked.Read(ref _peakPendingBytes);

    /// <summary>How many times a subscriber fell behind its bound and dropped what it held.</summary>
    public long LagCount => Interlocked.Read(ref _lags);

    /// <summary>Starts receiving the appends to transcript <paramref name="sessionId"/>; dispose to stop.</summary>
    public TranscriptSubscription Subscribe(string sessionId, long maxPendingBytes = DefaultMaxPendingBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingBytes, 1);
        var subscription = new TranscriptSubscription(this, sessionId, maxPendingBytes);
        lock (_gate)
        {
            _subscribers[sessionId] = _subscribers.TryGetValue(sessionId, out var existing) ? [.. existing, subscription] : [subscription];
            _count++;
        }

        return subscription;
    }

    /// <summary>Tells the subscribers of each entry's transcript about <paramref name="entries"/>, in order.</summary>
    public void Publish(IReadOnlyList<TranscriptEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        for (var start = 0; start < entries.Count;)
        {
            // A write normally appends to one transcript; each run of one sessionId goes out as one batch.
            var sessionId = entries[start].SessionId;
            var end = start + 1;
            while (end < entries.Count && entries[end].SessionId == sessionId)
            {
                end++;
            }

            TranscriptSubscription[]? subscribers;
            lock (_gate)
            {
                _subscribers.TryGetValue(sessionId, out subscribers);
            }

            if (subscribers is not null)
            {
                IReadOnlyList<TranscriptEntry> batch = start == 0 && end == entries.Count ? entries : entries.Skip(start).Take(end - start).ToArray();
                var bytes = batch.Sum(BytesHeld);
                foreach (var subscriber in subscribers)
                {
                    subscriber.Offer(batch, bytes);
                }
            }

            start = end;
        }
    }

    /// <summary>An entry's share of a subscriber's bound: its JSON (UTF-8 bytes, or UTF-16 when held as a string).</summary>
    internal static long BytesHeld(TranscriptEntry entry) =>
        EntryOverheadBytes + (entry.PayloadUtf8 is { } utf8 ? utf8.Length : (long)entry.PayloadJson.Length * sizeof(char));

    internal void Remove(TranscriptSubscription subscription)
    {
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(subscription.SessionId, out var existing) || Array.IndexOf(existing, subscription) < 0)
            {
                return;
            }

            var rest = existing.Where(s => s != subscription).ToArray();
            if (rest.Length == 0)
            {
                _subscribers.Remove(subscription.SessionId);
            }
            else
            {
                _subscribers[subscription.SessionId] = rest;
            }

            _count--;
        }
    }

    internal void ObservePending(long pendingBytes) => Telemetry.PeakValue.Raise(ref _peakPendingBytes, pendingBytes);

    internal void CountLag() => Interlocked.Increment(ref _lags);
}

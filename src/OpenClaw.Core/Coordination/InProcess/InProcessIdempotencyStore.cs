using System.Collections.Concurrent;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Coordination.InProcess;

/// <summary>
/// Idempotency entries of this process: 5 minute TTL, at most <see cref="MaxEntries"/>, swept at most every 60 s; an
/// entry whose work has not completed is never expired or evicted, so a retry always joins it.
/// </summary>
public sealed class InProcessIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    public const int MaxEntries = 1000;
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Method, string Key), Entry> _entries = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public int Count => _entries.Count;

    public ValueTask<IdempotencyClaim> ClaimAsync(string method, string key, string? payload, CancellationToken cancellationToken)
    {
        Sweep();
        var now = time.GetUtcNow();
        var fresh = new Entry(payload, now);
        var entry = _entries.AddOrUpdate(
            (method, key),
            _ => fresh,
            (_, existing) => now - existing.CreatedAt > Ttl && existing.Completed ? fresh : existing);
        return ValueTask.FromResult(ReferenceEquals(entry, fresh)
            ? new IdempotencyClaim(IsNew: true, payload, Completed: false)
            : new IdempotencyClaim(IsNew: false, entry.Payload, entry.Completed));
    }

    public ValueTask CompleteAsync(string method, string key, AgentRunResult? result, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue((method, key), out var entry))
        {
            entry.Result.TrySetResult(result);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<AgentRunResult?> WaitForCompletionAsync(string method, string key, CancellationToken cancellationToken) =>
        _entries.TryGetValue((method, key), out var entry)
            ? await entry.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
            : null;

    public ValueTask ForgetAsync(string method, string key, CancellationToken cancellationToken)
    {
        if (_entries.TryRemove((method, key), out var entry))
        {
            // A repeat that joined the forgotten work still hears how it ended.
            entry.Result.TrySetResult(null);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> ContainsAsync(string method, string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_entries.TryGetValue((method, key), out var entry) && (time.GetUtcNow() - entry.CreatedAt <= Ttl || !entry.Completed));

    private void Sweep()
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep < SweepInterval && _entries.Count <= MaxEntries)
        {
            return;
        }

        _lastSweep = now;

        // Work still running is never swept; over the cap, the oldest completed entries go first.
        ExpiringEntries.Sweep(_entries, static entry => entry.Completed ? entry.CreatedAt : null, now, Ttl, MaxEntries, trimTo: MaxEntries);
    }

    private sealed class Entry(string? payload, DateTimeOffset createdAt)
    {
        public string? Payload { get; } = payload;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public TaskCompletionSource<AgentRunResult?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Completed => Result.Task.IsCompleted;
    }
}

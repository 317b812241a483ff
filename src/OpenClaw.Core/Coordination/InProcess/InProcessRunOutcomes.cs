using System.Collections.Concurrent;

namespace OpenClaw.Core.Coordination.InProcess;

/// <summary>
/// Outcomes kept for 5 minutes after their run ended, at most <see cref="MaxEntries"/> of them; a wait for a run that
/// never appears leaves nothing behind.
/// </summary>
public sealed class InProcessRunOutcomes(TimeProvider time) : IRunOutcomes
{
    public const int MaxEntries = 10_000;
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private long _lastSweep;

    public int Count => _runs.Count;

    public ValueTask FinishedAsync(RunOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var entry = Get(outcome.RunId);
        if (entry.Outcome.TrySetResult(outcome))
        {
            entry.FinishedAt = time.GetUtcNow();
        }

        Sweep();
        return ValueTask.CompletedTask;
    }

    public async ValueTask<RunOutcome?> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Sweep();
        var entry = Get(runId);
        try
        {
            return await entry.Outcome.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A wait for a run that never showed up leaves nothing behind (waits must not grow memory).
            if (!entry.Outcome.Task.IsCompleted)
            {
                _runs.TryRemove(new KeyValuePair<string, Entry>(runId, entry));
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            return null;
        }
    }

    private Entry Get(string runId) => _runs.GetOrAdd(runId, static (_, now) => new Entry(now), time.GetUtcNow());

    /// <summary>Drops outcomes older than the retention (once a minute), and the oldest ones beyond the cap.</summary>
    private void Sweep()
    {
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastSweep);
        var due = now.ToUnixTimeMilliseconds() - last >= SweepInterval.TotalMilliseconds || _runs.Count > MaxEntries;
        if (!due || Interlocked.CompareExchange(ref _lastSweep, now.ToUnixTimeMilliseconds(), last) != last)
        {
            return;
        }

        // Over the cap, the oldest outcomes go until 90 % of it is left.
        ExpiringEntries.Sweep(_runs, static entry => entry.FinishedAt ?? entry.CreatedAt, now, Retention, MaxEntries, trimTo: MaxEntries * 9 / 10);
    }

    private sealed class Entry(DateTimeOffset createdAt)
    {
        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset? FinishedAt { get; set; }

        public TaskCompletionSource<RunOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

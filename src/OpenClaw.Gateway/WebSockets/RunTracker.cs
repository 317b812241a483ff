using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// How runs ended, for <c>agent.wait</c> (gateway-protocol.md §6.4): fed by lifecycle events of every entry point and
/// by runs that failed before they started. Outcomes are kept for 5 minutes, at most <see cref="MaxEntries"/> of them.
/// </summary>
internal sealed class RunTracker(TimeProvider time)
{
    public const int MaxEntries = 10_000;
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private long _lastSweep;

    public int Count => _runs.Count;

    public void Started(string runId, long startedAt) => Get(runId).StartedAt ??= startedAt;

    public void Finished(string runId, long? startedAt, long endedAt, string status, string? stopReason, string? error)
    {
        var entry = Get(runId);
        entry.StartedAt ??= startedAt;
        if (entry.Outcome.TrySetResult(new Outcome(endedAt, status, stopReason, error)))
        {
            entry.FinishedAt = time.GetUtcNow();
        }

        Sweep();
    }

    /// <summary>The outcome of the run, waiting up to <paramref name="timeout"/> for it (and for it to appear).</summary>
    public async Task<JsonObject> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Sweep();
        var entry = Get(runId);
        try
        {
            var outcome = await entry.Outcome.Task.WaitAsync(timeout, time, cancellationToken);
            var json = new JsonObject { ["runId"] = runId, ["status"] = outcome.Status };
            if (entry.StartedAt is { } started)
            {
                json["startedAt"] = started;
            }

            json["endedAt"] = outcome.EndedAt;
            if (outcome.StopReason is not null)
            {
                json["stopReason"] = outcome.StopReason;
            }

            if (outcome.Error is not null)
            {
                json["error"] = outcome.Error;
            }

            return json;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // A wait for a run that never showed up leaves nothing behind (waits must not grow memory).
            if (entry.StartedAt is null && !entry.Outcome.Task.IsCompleted)
            {
                _runs.TryRemove(new KeyValuePair<string, Entry>(runId, entry));
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            return new JsonObject { ["runId"] = runId, ["status"] = "timeout" };
        }
    }

    private Entry Get(string runId) => _runs.GetOrAdd(runId, _ => new Entry(time.GetUtcNow()));

    /// <summary>Drops outcomes older than the retention (once a minute), and the oldest ones beyond the cap.</summary>
    private void Sweep()
    {
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastSweep);
        var due = now.ToUnixTimeMilliseconds() - last >= 60_000 || _runs.Count > MaxEntries;
        if (!due || Interlocked.CompareExchange(ref _lastSweep, now.ToUnixTimeMilliseconds(), last) != last)
        {
            return;
        }

        foreach (var (runId, entry) in _runs)
        {
            if (now - (entry.FinishedAt ?? entry.CreatedAt) > Retention)
            {
                _runs.TryRemove(runId, out _);
            }
        }

        var excess = _runs.Count - (MaxEntries * 9 / 10);
        if (_runs.Count > MaxEntries && excess > 0)
        {
            // A snapshot first: sorting the live dictionary races with the runs that record meanwhile.
            foreach (var (runId, _) in _runs.ToArray().OrderBy(r => r.Value.FinishedAt ?? r.Value.CreatedAt).Take(excess))
            {
                _runs.TryRemove(runId, out _);
            }
        }
    }

    private sealed record Outcome(long EndedAt, string Status, string? StopReason, string? Error);

    private sealed class Entry(DateTimeOffset createdAt)
    {
        public DateTimeOffset CreatedAt { get; } = createdAt;

        public long? StartedAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public TaskCompletionSource<Outcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

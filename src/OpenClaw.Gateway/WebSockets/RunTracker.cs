using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// How runs ended, for <c>agent.wait</c> (gateway-protocol.md §6.4): fed by lifecycle events of every entry point and
/// by runs that failed before they started. Outcomes are kept for 5 minutes.
/// </summary>
internal sealed class RunTracker(TimeProvider time)
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private long _lastSweep;

    public void Started(string runId, long startedAt) => Get(runId).StartedAt = startedAt;

    public void Finished(string runId, long? startedAt, long endedAt, string status, string? stopReason, string? error)
    {
        var entry = Get(runId);
        entry.FinishedAt = time.GetUtcNow();
        var outcome = new JsonObject { ["runId"] = runId, ["status"] = status };
        if ((startedAt ?? entry.StartedAt) is { } started)
        {
            outcome["startedAt"] = started;
        }

        outcome["endedAt"] = endedAt;
        if (stopReason is not null)
        {
            outcome["stopReason"] = stopReason;
        }

        if (error is not null)
        {
            outcome["error"] = error;
        }

        entry.Outcome.TrySetResult(outcome);
        Sweep();
    }

    /// <summary>The outcome of the run, waiting up to <paramref name="timeout"/> for it (and for it to appear).</summary>
    public async Task<JsonObject> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var entry = Get(runId);
        try
        {
            var outcome = await entry.Outcome.Task.WaitAsync(timeout, time, cancellationToken);
            return (JsonObject)outcome.DeepClone();
        }
        catch (TimeoutException)
        {
            return new JsonObject { ["runId"] = runId, ["status"] = "timeout" };
        }
        finally
        {
            Sweep();
        }
    }

    private Entry Get(string runId) => _runs.GetOrAdd(runId, _ => new Entry(time.GetUtcNow()));

    private void Sweep()
    {
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastSweep);
        if (now.ToUnixTimeMilliseconds() - last < 60_000 || Interlocked.CompareExchange(ref _lastSweep, now.ToUnixTimeMilliseconds(), last) != last)
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
    }

    private sealed class Entry(DateTimeOffset createdAt)
    {
        public DateTimeOffset CreatedAt { get; } = createdAt;

        public long? StartedAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public TaskCompletionSource<JsonObject> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

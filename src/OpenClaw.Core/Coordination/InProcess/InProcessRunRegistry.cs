using System.Collections.Concurrent;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Coordination.InProcess;

/// <summary>The runs of this process, by id; an abort cancels the run's source.</summary>
public sealed class InProcessRunRegistry : IRunRegistry
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    private long _order;

    /// <summary>Runs in flight in this process.</summary>
    public int Count => _runs.Count;

    public ValueTask<IAsyncDisposable> RegisterAsync(RunRegistration run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var entry = new Entry(this, run, Interlocked.Increment(ref _order));
        if (!_runs.TryAdd(run.RunId, entry))
        {
            throw new RunAlreadyActiveException(run.RunId);
        }

        return ValueTask.FromResult<IAsyncDisposable>(entry);
    }

    public ValueTask<bool> AbortAsync(string runId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_runs.TryGetValue(runId, out var entry) && entry.Run.Abort.TryCancel());

    public ValueTask<IReadOnlyList<string>> AbortSessionAsync(string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        var aborted = new List<string>();
        foreach (var (runId, entry) in _runs)
        {
            if (string.Equals(entry.Run.SessionKey, sessionKey, StringComparison.Ordinal) && entry.Run.Abort.TryCancel())
            {
                aborted.Add(runId);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(aborted);
    }

    public ValueTask<IReadOnlyList<string>> ActiveRunIdsAsync(string sessionKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>(ActiveRunIds(sessionKey));

    public ValueTask<bool> IsActiveAsync(string runId, CancellationToken cancellationToken) => ValueTask.FromResult(_runs.ContainsKey(runId));

    public async Task WaitForSessionIdleAsync(string sessionKey, CancellationToken cancellationToken)
    {
        while (ActiveRunIds(sessionKey).Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(IdlePoll, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private List<string> ActiveRunIds(string sessionKey) =>
        [.. _runs.Where(r => string.Equals(r.Value.Run.SessionKey, sessionKey, StringComparison.Ordinal)).OrderBy(r => r.Value.Order).Select(r => r.Key)];

    private sealed class Entry(InProcessRunRegistry owner, RunRegistration run, long order) : IAsyncDisposable
    {
        public RunRegistration Run { get; } = run;

        public long Order { get; } = order;

        public ValueTask DisposeAsync()
        {
            owner._runs.TryRemove(new KeyValuePair<string, Entry>(Run.RunId, this));
            return ValueTask.CompletedTask;
        }
    }
}

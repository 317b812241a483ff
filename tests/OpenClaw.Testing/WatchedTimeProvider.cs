using Microsoft.Extensions.Time.Testing;

namespace OpenClaw.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells a test which waits the code under test has armed: every timer
/// created or re-armed on it (<c>Task.Delay</c>, <c>CancelAfter</c>, <c>WaitAsync</c> with a timeout, a
/// <c>PeriodicTimer</c>) is counted by its due time. A test waits until the wait it is about has been armed and only
/// then moves the clock past it, so it neither sleeps nor races the code that arms the timer.
/// </summary>
public sealed class WatchedTimeProvider : FakeTimeProvider
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<TimeSpan, int> _armed = [];
    private readonly List<(TimeSpan DueTime, int Count, TaskCompletionSource Done)> _waiters = [];

    public WatchedTimeProvider()
    {
    }

    public WatchedTimeProvider(DateTimeOffset startDateTime)
        : base(startDateTime)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Armed(dueTime);
        return timer;
    }

    /// <summary>How many times a timer has been armed with <paramref name="dueTime"/> so far.</summary>
    public int ArmedCount(TimeSpan dueTime)
    {
        lock (_lock)
        {
            return _armed.GetValueOrDefault(dueTime);
        }
    }

    /// <summary>
    /// Completes once timers have been armed with <paramref name="dueTime"/> <paramref name="count"/> times in all
    /// (since this clock was made); throws a <see cref="TimeoutException"/> listing what was armed after
    /// <paramref name="limit"/> of real time (30 s by default).
    /// </summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, int count = 1, TimeSpan? limit = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_armed.GetValueOrDefault(dueTime) >= count)
            {
                return;
            }

            _waiters.Add((dueTime, count, done));
        }

        try
        {
            await done.Task.WaitAsync(limit ?? DefaultLimit);
        }
        catch (TimeoutException)
        {
            string armed;
            lock (_lock)
            {
                armed = string.Join(", ", _armed.Select(a => $"{a.Key} x{a.Value}"));
            }

            throw new TimeoutException($"no timer was armed for {dueTime} {count} time(s) within {limit ?? DefaultLimit}; armed: [{armed}]");
        }
    }

    private void Armed(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        List<TaskCompletionSource> done = [];
        lock (_lock)
        {
            var count = _armed[dueTime] = _armed.GetValueOrDefault(dueTime) + 1;
            _waiters.RemoveAll(w =>
            {
                if (w.DueTime != dueTime || w.Count > count)
                {
                    return false;
                }

                done.Add(w.Done);
                return true;
            });
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    private sealed class WatchedTimer(ITimer inner, WatchedTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            owner.Armed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

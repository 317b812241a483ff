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
    private readonly Dictionary<TimeSpan, int> _armedNow = [];
    private readonly Dictionary<TimeSpan, int> _fired = [];
    private readonly List<(TimeSpan DueTime, int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Done)> _armedNowWaiters = [];

    public WatchedTimeProvider()
    {
    }

    public WatchedTimeProvider(DateTimeOffset startDateTime)
        : base(startDateTime)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, callback, state);
        timer.Start(dueTime, period);
        return timer;
    }

    /// <summary>How many times a timer armed with <paramref name="dueTime"/> has fired so far.</summary>
    public int FiredCount(TimeSpan dueTime)
    {
        lock (_lock)
        {
            return _fired.GetValueOrDefault(dueTime);
        }
    }

    /// <summary>
    /// Moves the clock by <paramref name="by"/> once a timer is armed with <paramref name="dueTime"/> right now, and
    /// again if that timer was disarmed (or re-armed) before the clock moved, until a timer with that due time fires:
    /// for code that arms a fresh timer for every operation, such as a per-write time limit.
    /// </summary>
    public async Task AdvancePastArmedAsync(TimeSpan dueTime, TimeSpan by, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        var fired = FiredCount(dueTime);
        while (FiredCount(dueTime) == fired)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no timer armed for {dueTime} fired within {limit ?? DefaultLimit}");
            }

            await ArmedNowAsync(dueTime).WaitAsync(remaining);
            Advance(by);
        }
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

    private Task ArmedNowAsync(TimeSpan dueTime)
    {
        lock (_lock)
        {
            if (_armedNow.GetValueOrDefault(dueTime) > 0)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _armedNowWaiters.Add((dueTime, done));
            return done.Task;
        }
    }

    /// <summary>Moves one timer from <paramref name="from"/> to <paramref name="to"/> among the timers armed right now.</summary>
    private void Rearmed(TimeSpan? from, TimeSpan? to, bool fired)
    {
        List<TaskCompletionSource> done = [];
        lock (_lock)
        {
            if (from is { } old)
            {
                _armedNow[old]--;
                if (fired)
                {
                    _fired[old] = _fired.GetValueOrDefault(old) + 1;
                }
            }

            if (to is { } due)
            {
                _armedNow[due] = _armedNow.GetValueOrDefault(due) + 1;
                _armedNowWaiters.RemoveAll(w =>
                {
                    if (w.DueTime != due)
                    {
                        return false;
                    }

                    done.Add(w.Done);
                    return true;
                });
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    private ITimer CreateInnerTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime, period);

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

    /// <summary>Wraps a fake timer to count it among the timers armed right now and to see it fire.</summary>
    private sealed class WatchedTimer(WatchedTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _lock = new();
        private ITimer? _inner;
        private TimeSpan? _armedFor;
        private bool _periodic;

        public void Start(TimeSpan dueTime, TimeSpan period)
        {
            // Armed before the inner timer exists: a zero due time fires inside CreateTimer.
            Arm(dueTime, period);
            _inner = owner.CreateInnerTimer(static s => ((WatchedTimer)s!).Fire(), this, dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return _inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            Arm(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Arm(TimeSpan dueTime, TimeSpan period)
        {
            TimeSpan? from;
            TimeSpan? to = dueTime == Timeout.InfiniteTimeSpan ? null : dueTime;
            lock (_lock)
            {
                (from, _armedFor, _periodic) = (_armedFor, to, period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero);
            }

            if (from != to)
            {
                owner.Rearmed(from, to, fired: false);
            }

            owner.Armed(dueTime);
        }

        private void Fire()
        {
            TimeSpan? from;
            lock (_lock)
            {
                from = _armedFor;
                if (!_periodic)
                {
                    _armedFor = null;
                }
            }

            if (from is not null)
            {
                owner.Rearmed(from, _periodic ? from : null, fired: true);
            }

            callback(state);
        }
    }
}

namespace OpenClaw.Gateway.Http;

/// <summary>
/// Gives memory back to the OS after a burst of large requests. A burst leaves the heap large and, once the process
/// is idle, no allocation triggers a collection that would shrink it: the resident size stays at the burst's peak.
/// When the last request with a large body (≥ <see cref="LargeBytes"/>) of a burst has ended and no other has started
/// for <see cref="QuietPeriod"/>, one aggressive full collection compacts the heap and decommits what it freed.
/// </summary>
internal sealed partial class MemoryReclaimer(TimeProvider time, ILogger<MemoryReclaimer> logger) : IDisposable
{
    public const long LargeBytes = 1024 * 1024;

    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    /// <summary>Collections are at least this far apart: a client sending a large body every few seconds cannot make every request pay for them.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private int _largeInFlight;
    private int _burst;
    private ITimer? _timer;
    private DateTimeOffset _lastCollection = DateTimeOffset.MinValue;

    /// <summary>Replaced in tests: the collection itself.</summary>
    internal Action Collect { get; set; } = CollectTwice;

    /// <summary>A request's body reached <see cref="LargeBytes"/>.</summary>
    public void LargeStarted()
    {
        lock (_lock)
        {
            _largeInFlight++;
            _burst++;
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>A request with a large body ended (its response is complete).</summary>
    public void LargeEnded()
    {
        lock (_lock)
        {
            if (--_largeInFlight == 0 && _burst > 0)
            {
                // After the quiet period, or once the last collection is far enough back, whichever is later.
                var earliest = _lastCollection == DateTimeOffset.MinValue ? TimeSpan.Zero : _lastCollection + MinInterval - time.GetUtcNow();
                _timer?.Dispose();
                _timer = time.CreateTimer(static state => ((MemoryReclaimer)state!).Reclaim(), this, earliest > QuietPeriod ? earliest : QuietPeriod, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Two aggressive collections: the shared array pools drop the arrays they keep only when told about the first
    /// (from the finalizer thread), so those are garbage for the second one to return.
    /// </summary>
    private static void CollectTwice()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Reclaim()
    {
        int burst;
        lock (_lock)
        {
            if (_largeInFlight > 0 || _timer is null)
            {
                return;
            }

            burst = _burst;
            _burst = 0;
            _lastCollection = time.GetUtcNow();
            _timer.Dispose();
            _timer = null;
        }

        Collect();
        Log.Reclaimed(logger, burst);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, EventName = "MemoryReclaimed", Level = LogLevel.Debug,
            Message = "a burst of {Requests} large requests is over: heap compacted and returned to the OS")]
        public static partial void Reclaimed(ILogger logger, int requests);
    }
}

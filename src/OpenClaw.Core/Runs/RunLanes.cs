using OpenClaw.Core.Configuration;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Runs;

/// <summary>
/// The global lane (<c>agents.defaults.maxConcurrent</c> runs at a time, FIFO) and the queue in front of it: how many
/// runs wait (in their session's lease or for a slot), the cap on that number, and the optional queue timeout.
/// </summary>
internal sealed class RunLanes(IConfigSource config, RunLimits limits, TimeProvider time, RunMetrics metrics)
{
    private int _queued;
    private FifoGate _globalLane = new(config.Current.Config.Agents.Defaults.MaxConcurrent);

    /// <summary>Runs currently waiting in a session lane or for a slot of the global lane.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public RunLimits Limits => limits;

    /// <summary>Counts a run as waiting; false (and not counted) when <see cref="RunLimits.MaxQueuedRuns"/> are already waiting.</summary>
    public bool TryQueue()
    {
        var queued = Interlocked.Increment(ref _queued);
        metrics.QueuedChanged(1);
        if (queued <= limits.MaxQueuedRuns)
        {
            return true;
        }

        Dequeued();
        return false;
    }

    /// <summary>A waiting run left the queue: it got its slot, or gave up.</summary>
    public void Dequeued()
    {
        Interlocked.Decrement(ref _queued);
        metrics.QueuedChanged(-1);
    }

    /// <summary>The error of a run refused because the queue is full.</summary>
    public RunError QueueFull() => new(
        RunErrorReasons.QueueFull,
        $"the gateway is busy: {limits.MaxQueuedRuns} runs are already waiting for a slot",
        RetryAfter: limits.QueueFullRetryAfter);

    /// <summary>The error of a run that waited longer than <see cref="RunLimits.QueueTimeout"/>.</summary>
    public RunError QueueTimedOut() => new(
        RunErrorReasons.QueueTimeout,
        $"the gateway is busy: no run slot freed within {limits.QueueTimeout!.Value.TotalSeconds:0.###}s",
        RetryAfter: limits.QueueTimeout);

    /// <summary>
    /// A slot of the global lane; with a <see cref="RunLimits.QueueTimeout"/>, a wait longer than it throws
    /// <see cref="QueueTimeoutException"/> (the session lease is still held, so order within the session is kept).
    /// </summary>
    public async ValueTask<FifoGate.Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (limits.QueueTimeout is not { } queueTimeout || queueTimeout <= TimeSpan.Zero)
        {
            return await GlobalLane().EnterAsync(cancellationToken).ConfigureAwait(false);
        }

        using var waitCts = new CancellationTokenSource(queueTimeout, time);
        using var link = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), waitCts);
        try
        {
            return await GlobalLane().EnterAsync(waitCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new QueueTimeoutException();
        }
    }

    private FifoGate GlobalLane()
    {
        // A reloaded maxConcurrent takes effect for runs that enter the lane after the reload; the current config
        // decides, not the run's own (possibly older) snapshot, so gates are never swapped back and forth.
        var capacity = config.Current.Config.Agents.Defaults.MaxConcurrent;
        var gate = Volatile.Read(ref _globalLane);
        if (gate.Capacity != capacity)
        {
            Interlocked.CompareExchange(ref _globalLane, new FifoGate(capacity), gate);
        }

        return Volatile.Read(ref _globalLane);
    }
}

/// <summary>No slot of the global lane freed within <see cref="RunLimits.QueueTimeout"/>.</summary>
internal sealed class QueueTimeoutException : Exception;

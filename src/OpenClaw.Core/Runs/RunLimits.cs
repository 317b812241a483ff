namespace OpenClaw.Core.Runs;

/// <summary>Host limits on how runs wait (<c>OpenClaw:Runs</c>).</summary>
public sealed record RunLimits
{
    /// <summary>
    /// How long a run may wait for a slot of the global lane (<c>agents.defaults.maxConcurrent</c>) before it is
    /// refused with <see cref="RunErrorReasons.QueueTimeout"/> (HTTP 503 with <c>Retry-After</c>); null waits as long
    /// as the run's own timeout allows (the original's behaviour).
    /// </summary>
    public TimeSpan? QueueTimeout { get; init; }

    /// <summary>
    /// Runs that may wait at once, in a session lane or for a slot of the global lane; one more is refused at once
    /// with <see cref="RunErrorReasons.QueueFull"/> (HTTP 503 with <c>Retry-After</c>) instead of joining the queue.
    /// </summary>
    public int MaxQueuedRuns { get; init; } = 256;

    /// <summary>The <c>Retry-After</c> given to a run refused by <see cref="MaxQueuedRuns"/>.</summary>
    public TimeSpan QueueFullRetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}

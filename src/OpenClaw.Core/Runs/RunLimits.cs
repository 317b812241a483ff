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
}

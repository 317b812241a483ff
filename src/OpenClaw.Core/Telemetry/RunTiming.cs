namespace OpenClaw.Core.Telemetry;

/// <summary>
/// Where one run's time went, for the <c>openclaw.run.*</c> histograms: waiting in the lanes, waiting on the
/// provider (calls and the pauses before retries), running tools. What is left of the run's duration is the
/// gateway's own overhead. Owned by the run's single task.
/// </summary>
internal sealed class RunTiming(long startedTimestamp)
{
    public long StartedTimestamp { get; } = startedTimestamp;

    /// <summary>When the run was registered (Unix ms), as its lifecycle events and its outcome tell it; null before.</summary>
    public long? StartedAt { get; set; }

    public TimeSpan LaneWait { get; set; }

    public TimeSpan ProviderTime { get; set; }

    public TimeSpan ToolTime { get; set; }

    /// <summary>Set once the run entered its lanes and began executing (runs refused or cancelled while queued have no overhead).</summary>
    public bool Executed { get; set; }

    /// <summary>Set at the run's first visible assistant delta.</summary>
    public bool FirstTokenSeen { get; set; }

    /// <summary>The run's duration less lane wait, provider time and tool time (never negative).</summary>
    public TimeSpan Overhead(TimeSpan duration)
    {
        var overhead = duration - LaneWait - ProviderTime - ToolTime;
        return overhead > TimeSpan.Zero ? overhead : TimeSpan.Zero;
    }
}

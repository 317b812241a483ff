using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OpenClaw.Core.Hosting;

/// <summary>How runs wait for each other (<c>OpenClaw:Runs</c>).</summary>
public sealed class RunOptions
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "OpenClaw:Runs";

    /// <summary>Longest wait for a slot of <c>agents.defaults.maxConcurrent</c>; 0 waits as long as the run's timeout allows.</summary>
    [Range(0, 86_400)]
    public int QueueTimeoutSeconds { get; set; }

    /// <summary>Runs that may wait at once for a session lane or a run slot; one more is refused with 503 and <c>Retry-After</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedRuns { get; set; } = 256;
}

[OptionsValidator]
internal sealed partial class RunOptionsValidator : IValidateOptions<RunOptions>;

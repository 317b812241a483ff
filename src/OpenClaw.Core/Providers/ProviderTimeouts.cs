namespace OpenClaw.Core.Providers;

/// <summary>Host-level limits for model calls (agent-runtime.md §5.6).</summary>
public sealed record ProviderTimeouts
{
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Until the upstream's response headers arrive.</summary>
    public TimeSpan FirstByte { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Between two streamed chunks.</summary>
    public TimeSpan BetweenChunks { get; init; } = TimeSpan.FromSeconds(60);
}

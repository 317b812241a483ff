using OpenClaw.Core.Models;

namespace OpenClaw.Core.Providers;

/// <summary>
/// Host-level limits for model calls. A model that is merely slow is never cut off by the defaults: a cloud
/// provider gets 120 s to its response headers and 120 s between two streamed chunks, a self-hosted one
/// (<see cref="ProviderLocality"/>) 300 s for each, as the original's watchdogs; a provider's own
/// <c>timeoutSeconds</c> replaces both. The run's <c>timeoutSeconds</c> (600 by default) bounds everything.
/// </summary>
public sealed record ProviderTimeouts
{
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Until a cloud upstream's response headers arrive.</summary>
    public TimeSpan FirstByte { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Between two chunks streamed by a cloud upstream.</summary>
    public TimeSpan BetweenChunks { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Both waits for a self-hosted upstream (a local model on a CPU may think for minutes).</summary>
    public TimeSpan SelfHosted { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The limits that apply to calls of <paramref name="model"/>.</summary>
    public ProviderTimeouts For(ResolvedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TimeoutSeconds is { } seconds)
        {
            var configured = TimeSpan.FromSeconds(seconds);
            return this with { FirstByte = configured, BetweenChunks = configured };
        }

        return ProviderLocality.IsSelfHosted(model.Api, model.BaseUrl)
            ? this with { FirstByte = SelfHosted, BetweenChunks = SelfHosted }
            : this;
    }
}

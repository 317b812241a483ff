using Microsoft.Extensions.DependencyInjection;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Hosting;

/// <summary>
/// What <see cref="CoreServiceCollectionExtensions.AddOpenClawCore"/> returns: the place where a host picks the
/// session store (<c>UseSqliteStore()</c> in <c>OpenClaw.Sessions.Sqlite</c>) and other pluggable parts.
/// </summary>
public sealed class OpenClawCoreBuilder
{
    internal OpenClawCoreBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Makes <paramref name="create"/>'s store the session store. Every write through it announces its appended
    /// entries on the <see cref="TranscriptFeed"/> (live session history).
    /// </summary>
    public OpenClawCoreBuilder UseSessionStore(Func<IServiceProvider, ISessionStore> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.AddSingleton<ISessionStore>(sp => new PublishingSessionStore(create(sp), sp.GetRequiredService<TranscriptFeed>()));
        return this;
    }
}

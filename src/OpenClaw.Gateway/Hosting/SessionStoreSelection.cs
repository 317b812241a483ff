using OpenClaw.Core.Hosting;
using OpenClaw.Sessions.Postgres;
using OpenClaw.Sessions.Sqlite;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// The session store <c>OpenClaw:Storage:Provider</c> names: <c>sqlite</c> (the embedded default) or <c>postgres</c>
/// (several gateways on one database). The gateway and the CLI's embedded runtime choose through it.
/// </summary>
public static class SessionStoreSelection
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>The configured provider; <see cref="Sqlite"/> when unset.</summary>
    public static string Provider(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[$"{GatewayStorageOptions.SectionName}:Provider"] is { Length: > 0 } provider ? provider : Sqlite;
    }

    /// <summary>Registers the configured store (an unknown provider is refused at startup by the storage options' validation).</summary>
    public static OpenClawCoreBuilder UseConfiguredStore(this OpenClawCoreBuilder builder, IConfiguration configuration) =>
        Provider(configuration) == Postgres ? builder.UsePostgresStore() : builder.UseSqliteStore();
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Hosting;

namespace OpenClaw.Sessions.Postgres;

/// <summary>Selects the PostgreSQL session store, shared by every gateway on the database.</summary>
public static class PostgresStoreBuilderExtensions
{
    /// <summary>Sessions and transcripts in the database <see cref="PostgresStoreOptions.ConnectionString"/> names.</summary>
    public static OpenClawCoreBuilder UsePostgresStore(this OpenClawCoreBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<PostgresStoreOptions, PostgresStoreOptionsValidator>().BindConfiguration(PostgresStoreOptions.SectionName);
        return builder.UseSessionStore(sp => new PostgresSessionStore(sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.ConnectionString!));
    }
}

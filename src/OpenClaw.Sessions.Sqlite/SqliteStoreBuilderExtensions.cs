using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Hosting;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>Selects the embedded SQLite session store.</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>The default file name in the state directory.</summary>
    public const string DefaultFileName = "openclaw-dotnet.sqlite";

    /// <summary>
    /// Sessions and transcripts in one SQLite file (<see cref="SqliteStoreOptions.Path"/>, by default
    /// <c>&lt;stateDir&gt;/openclaw-dotnet.sqlite</c>), with the durability of <see cref="SqliteStoreOptions.Synchronous"/>.
    /// </summary>
    public static OpenClawCoreBuilder UseSqliteStore(this OpenClawCoreBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<SqliteStoreOptions, SqliteStoreOptionsValidator>().BindConfiguration(SqliteStoreOptions.SectionName);
        return builder.UseSessionStore(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;
            var path = options.Path is { Length: > 0 } configured
                ? OpenClawPaths.ExpandHome(configured)
                : Path.Combine(sp.GetRequiredService<IConfigSource>().Current.Paths.StateDir, DefaultFileName);
            return new SqliteSessionStore(path, fullSync: options.Synchronous == "full");
        });
    }
}

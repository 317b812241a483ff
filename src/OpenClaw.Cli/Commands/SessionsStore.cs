using System.CommandLine;
using System.Data.Common;
using OpenClaw.Core.Agents;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Sessions.Postgres;
using OpenClaw.Sessions.Sqlite;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// What the <c>sessions</c> verbs share: the config, the store the gateway uses and session keys canonicalized as the
/// gateway does (§6.1). The store is the SQLite file (<c>OpenClaw__Storage__Path</c>, else
/// <c>&lt;stateDir&gt;/openclaw-dotnet.sqlite</c>), or with <c>OpenClaw__Storage__Provider=postgres</c> the database
/// <c>OpenClaw__Storage__ConnectionString</c> names.
/// </summary>
internal sealed class SessionsStore
{
    private readonly string? _postgres;

    private SessionsStore(ConfigSnapshot snapshot, string path, string? postgres)
    {
        Snapshot = snapshot;
        _postgres = postgres;
        Path = postgres is null ? path : new PostgresSessionStore(postgres).Location;
    }

    public ConfigSnapshot Snapshot { get; }

    /// <summary>Where the sessions are: the SQLite file, absolute, or the PostgreSQL database (without credentials).</summary>
    public string Path { get; }

    public string DefaultAgentId => Snapshot.Agents.DefaultAgentId;

    public static SessionsStore Resolve(CliContext context, ParseResult parse)
    {
        ConfigSnapshot snapshot;
        try
        {
            snapshot = context.LoadConfig(parse);
        }
        catch (ConfigException ex)
        {
            throw new CliException($"Invalid config: {ex.Message}");
        }

        var configured = context.Environment.Get("OpenClaw__Storage__Path");
        var home = context.Environment.Get("OPENCLAW_HOME") is { Length: > 0 } openClawHome ? openClawHome : context.Environment.Get("HOME");
        var path = configured is { Length: > 0 }
            ? OpenClawPaths.ExpandHome(configured.Trim(), home is { Length: > 0 } ? home : null)
            : System.IO.Path.Combine(snapshot.Paths.StateDir, SqliteStoreBuilderExtensions.DefaultFileName);
        string? postgres = null;
        if (context.Environment.Get("OpenClaw__Storage__Provider") is SessionStoreSelection.Postgres)
        {
            postgres = context.Environment.Get("OpenClaw__Storage__ConnectionString") is { Length: > 0 } connection
                ? connection
                : throw new CliException("OpenClaw__Storage__Provider is postgres but OpenClaw__Storage__ConnectionString is not set");
        }

        return new SessionsStore(snapshot, System.IO.Path.GetFullPath(path), postgres);
    }

    /// <summary>False for a SQLite file not created yet; a database always exists.</summary>
    public bool Exists => _postgres is not null || File.Exists(Path);

    /// <summary>The store key for what the user typed: <c>main</c> → <c>agent:&lt;default&gt;:main</c>, etc.</summary>
    public string CanonicalKey(string rawKey)
    {
        // A blank key (an unset shell variable) must not silently mean the main session.
        if (string.IsNullOrWhiteSpace(rawKey))
        {
            throw new CliException("the session key is empty; pass a key such as main or agent:main:work", 2);
        }

        return RunTargets.CanonicalKey(Snapshot, rawKey, DefaultAgentId);
    }

    /// <summary>The agent a canonical key belongs to (<c>global</c>: the default agent).</summary>
    public string AgentOf(string canonicalKey) => SessionKeys.TryGetAgentId(canonicalKey, out var agentId) ? agentId : DefaultAgentId;

    /// <summary>The configured agent <paramref name="rawAgentId"/> names, or a failure listing the configured ones.</summary>
    public string RequireAgent(string rawAgentId)
    {
        if (Snapshot.Agents.IsConfigured(rawAgentId, out var agentId))
        {
            return agentId;
        }

        var known = string.Join(", ", Snapshot.Agents.Agents.Select(a => a.Id == DefaultAgentId ? a.Id + " (default)" : a.Id));
        throw new CliException($"Unknown agent \"{rawAgentId.Trim()}\". Configured agents: {known}.");
    }

    /// <summary>Runs <paramref name="read"/> on the store opened read-only; a store that does not exist yet is never created.</summary>
    public async Task<T> ReadAsync<T>(Func<ISessionStore, Task<T>> read)
    {
        await using var store = _postgres is null ? (ISessionStore)SqliteSessionStore.OpenReadOnly(Path) : new PostgresSessionStore(_postgres);
        try
        {
            return await read(store);
        }
        catch (DbException ex)
        {
            throw new CliException($"Cannot read the session store {Path}: {ex.Message}");
        }
    }

    /// <summary>Runs <paramref name="write"/> on the store opened for writing (created and migrated if needed).</summary>
    public async Task<T> WriteAsync<T>(Func<ISessionStore, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            await using var store = _postgres is null ? (ISessionStore)new SqliteSessionStore(Path) : new PostgresSessionStore(_postgres);
            await store.InitializeAsync(cancellationToken);
            return await write(store);
        }
        catch (DbException ex)
        {
            throw new CliException($"Cannot write the session store {Path}: {ex.Message}");
        }
    }
}

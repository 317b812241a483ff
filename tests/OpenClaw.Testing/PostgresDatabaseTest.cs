using Xunit;

namespace OpenClaw.Testing;

/// <summary>
/// A test class that needs a PostgreSQL database: each test gets an empty one of its own (<see cref="ConnectionString"/>),
/// dropped afterwards. Without a server a test calls <see cref="SkipWithoutServer"/> first and is reported skipped.
/// </summary>
public abstract class PostgresDatabaseTest : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The test's database; empty when there is no server.</summary>
    protected string ConnectionString { get; private set; } = "";

    /// <summary>Why the test cannot run here, or null.</summary>
    protected string? Unavailable => _server is null ? $"no PostgreSQL server: {PostgresServer.InstallHint}" : null;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        if (_server is not null)
        {
            ConnectionString = await _server.CreateDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(ConnectionString);
        }
    }

    protected void SkipWithoutServer() => Skip.If(_server is null, Unavailable);
}

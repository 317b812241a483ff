using Npgsql;
using OpenClaw.Core.Sessions;
using OpenClaw.Testing;
using OpenClaw.Testing.Sessions;

namespace OpenClaw.Sessions.Postgres.Tests;

/// <summary>The session store contract on PostgreSQL, each test in a new database.</summary>
public sealed class PostgresSessionStoreContractTests : SessionStoreContract
{
    private PostgresServer? _server;
    private string? _connectionString;

    protected override async Task<string?> PrepareAsync()
    {
        _server = await PostgresServer.GetAsync();
        if (_server is null)
        {
            return $"no PostgreSQL server: {PostgresServer.InstallHint}";
        }

        _connectionString = await _server.CreateDatabaseAsync();
        return null;
    }

    protected override async Task<ISessionStore> OpenAsync()
    {
        var store = new PostgresSessionStore(_connectionString!);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override async Task<string?> ArchiveReasonAsync(string sessionId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT archive_reason FROM transcripts WHERE session_id = $1;", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        return await command.ExecuteScalarAsync() as string;
    }

    protected override async Task CleanUpAsync()
    {
        if (_server is not null && _connectionString is not null)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }
    }
}

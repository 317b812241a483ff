using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite.Tests.Support;
using OpenClaw.Testing;
using OpenClaw.Testing.Sessions;

namespace OpenClaw.Sessions.Sqlite.Tests;

/// <summary>The session store contract on SQLite, each test over a new file.</summary>
public sealed class SqliteSessionStoreContractTests : SessionStoreContract
{
    private readonly TempDirectory _temp = new();

    private string DatabasePath => _temp.Combine("nested", "state", "openclaw-dotnet.sqlite");

    protected override Task<string?> PrepareAsync() => Task.FromResult<string?>(null);

    protected override async Task<ISessionStore> OpenAsync()
    {
        var store = new SqliteSessionStore(DatabasePath, fullSync: true);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override Task<string?> ArchiveReasonAsync(string sessionId) =>
        Task.FromResult(new SqliteFile(DatabasePath).Scalar($"SELECT archive_reason FROM transcripts WHERE session_id = '{sessionId}';") as string);

    protected override Task CleanUpAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}

using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Sessions.Sqlite.Tests;

public sealed class SqliteTranscriptImportTests : IAsyncLifetime
{
    private const long Now = 1_800_000_000_000;
    private readonly TempDirectory _temp = new();
    private SqliteSessionStore _store = null!;

    private string DatabasePath => _temp.Combine("state", "openclaw-dotnet.sqlite");

    public async Task InitializeAsync()
    {
        _store = new SqliteSessionStore(DatabasePath, fullSync: false);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task OpenReadOnly_ReadsButNeverWrites()
    {
        // Arrange
        await _store.ImportTranscriptAsync("agent:main:imported", "main", await SpecFile(), Now, CancellationToken.None);
        await using var reader = SqliteSessionStore.OpenReadOnly(DatabasePath);
        await reader.InitializeAsync(CancellationToken.None);

        // Act
        var listed = (await reader.ListSessionsAsync(new SessionQuery { AgentId = "main" }, CancellationToken.None)).Sessions;
        var write = () => reader.WriteAsync(new SessionWrite { DeleteSessionKey = "agent:main:imported" }, CancellationToken.None);
        var import = () => reader.ImportTranscriptAsync("agent:main:x", "main", listed.Count > 0 ? TranscriptFile() : null!, Now, CancellationToken.None);

        // Assert
        listed.Select(s => s.SessionKey).Should().Equal("agent:main:imported");
        await write.Should().ThrowAsync<InvalidOperationException>().WithMessage("*read-only*");
        await import.Should().ThrowAsync<InvalidOperationException>().WithMessage("*read-only*");
    }

    [Fact]
    public async Task OpenReadOnly_MissingFile_IsNotCreated()
    {
        // Arrange
        var path = _temp.Combine("elsewhere", "none.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var reader = SqliteSessionStore.OpenReadOnly(path);
        await reader.InitializeAsync(CancellationToken.None);

        // Act
        var act = () => reader.ListSessionsAsync(new SessionQuery(), CancellationToken.None);

        // Assert
        await act.Should().ThrowAsync<SqliteException>();
        File.Exists(path).Should().BeFalse();
    }

    private static Task<TranscriptFile> SpecFile() => TranscriptJsonl.ReadAsync(new StringReader(TranscriptSamples.SpecExample), CancellationToken.None);

    private static TranscriptFile TranscriptFile() => new("x", 0, null, []);

    private SqliteFile Db => new(DatabasePath);
}

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
    public async Task ImportTranscriptAsync_NewKey_CreatesTranscriptEntriesAndSession()
    {
        // Arrange
        var file = await SpecFile();

        // Act
        var result = await _store.ImportTranscriptAsync("agent:main:imported", "main", file, Now, CancellationToken.None);

        // Assert
        result.SessionId.Should().Be(file.SessionId);
        result.CreatedSession.Should().BeTrue();
        var session = await _store.GetSessionAsync("agent:main:imported", CancellationToken.None);
        session.Should().BeEquivalentTo(new { AgentId = "main", SessionId = file.SessionId, CreatedAt = Now, UpdatedAt = Now, LastInteractionAt = (long?)Now });
        (await _store.GetTranscriptAsync(file.SessionId, CancellationToken.None)).Should().Be(
            new TranscriptHeader(file.SessionId, "main", "agent:main:imported", file.CreatedAt, "/home/u/.openclaw/workspace"));
        (await _store.ReadTranscriptAsync(file.SessionId, CancellationToken.None)).Should().Equal(file.Entries);
    }

    [Fact]
    public async Task ImportTranscriptAsync_IdAlreadyStored_MintsANewUuid()
    {
        // Arrange
        var file = await SpecFile();
        await _store.ImportTranscriptAsync("agent:main:first", "main", file, Now, CancellationToken.None);

        // Act
        var second = await _store.ImportTranscriptAsync("agent:main:second", "main", file, Now, CancellationToken.None);

        // Assert
        second.SessionId.Should().NotBe(file.SessionId);
        Guid.TryParse(second.SessionId, out _).Should().BeTrue();
        var copied = await _store.ReadTranscriptAsync(second.SessionId, CancellationToken.None);
        copied.Select(e => (e.Seq, e.EntryId, e.PayloadJson)).Should().Equal(file.Entries.Select(e => (e.Seq, e.EntryId, e.PayloadJson)));
        (await _store.ReadTranscriptAsync(file.SessionId, CancellationToken.None)).Should().HaveCount(3, "the first import is untouched");
    }

    [Fact]
    public async Task ImportTranscriptAsync_ExistingSession_RepointsItKeepsLabelAndArchivesTheOldTranscript()
    {
        // Arrange
        var old = new SessionEntry
        {
            SessionKey = "agent:main:main",
            AgentId = "main",
            SessionId = "old-id",
            CreatedAt = 1_000,
            UpdatedAt = 2_000,
            LastInteractionAt = 2_000,
            Label = "mine",
            ModelOverride = "fake/other",
            InputTokens = 50,
            TotalTokens = 60,
        };
        await _store.WriteAsync(new SessionWrite { Session = old, NewTranscript = new TranscriptHeader("old-id", "main", "agent:main:main", 1_000, "/w") }, CancellationToken.None);

        // Act
        var result = await _store.ImportTranscriptAsync("agent:main:main", "main", await SpecFile(), Now, CancellationToken.None);

        // Assert
        result.CreatedSession.Should().BeFalse();
        var session = await _store.GetSessionAsync("agent:main:main", CancellationToken.None);
        session.Should().BeEquivalentTo(new
        {
            SessionId = result.SessionId,
            CreatedAt = 1_000L,
            UpdatedAt = Now,
            LastInteractionAt = (long?)Now,
            Label = "mine",
            ModelOverride = "fake/other",
            InputTokens = 0L,
            TotalTokens = 0L,
        });
        Db.Scalar("SELECT archive_reason FROM transcripts WHERE session_id = 'old-id';").Should().Be("reset");
        Db.Scalar($"SELECT archived_at FROM transcripts WHERE session_id = '{result.SessionId}';").Should().Be(DBNull.Value);
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

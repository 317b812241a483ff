using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite.Tests.Support;
using OpenClaw.Testing;

using static OpenClaw.Testing.Sessions.StoreSamples;

namespace OpenClaw.Sessions.Sqlite.Tests;

public sealed class SqliteSessionStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private SqliteSessionStore _store = null!;

    private string DatabasePath => _temp.Combine("nested", "state", "openclaw-dotnet.sqlite");

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
    public void Schema_KeepsOnlyTheIndexesItsQueriesUse()
    {
        // Act
        var indexes = Db.Rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name;");

        // Assert: every index is a page more in each write that touches its table
        indexes.Select(row => (string)row[0]!).Should().Equal("ix_sessions_agent_updated", "ix_sessions_session_id");
    }

    [Fact]
    public void InitializeAsync_FirstUse_CreatesDatabaseInWalMode()
    {
        // Act
        var journalMode = Db.Scalar("PRAGMA journal_mode;");
        var version = Db.Scalar("PRAGMA user_version;");

        // Assert
        File.Exists(DatabasePath).Should().BeTrue();
        _store.Location.Should().Be(DatabasePath);
        journalMode.Should().Be("wal");
        version.Should().Be(4L, "four migrations: the session tables, response_sessions, the index by transcript id, the unused index by key dropped");
    }

    [Fact]
    public void FindBySessionId_IsAnsweredFromAnIndex_NotAScanOfEverySession()
    {
        // Act
        var plan = Db.Rows("EXPLAIN QUERY PLAN SELECT session_key FROM sessions WHERE session_id = 'x' LIMIT 1;");

        // Assert
        plan.Select(row => (string)row[3]!).Should().ContainSingle().Which.Should().Contain("USING INDEX ix_sessions_session_id");
    }

    [Fact]
    public async Task WriteAsync_NewTranscriptAndArchive_RecordsHeaderAndArchiveReason()
    {
        // Arrange
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("old") }, CancellationToken.None);

        // Act
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("new"), Archive = ("old", "reset") }, CancellationToken.None);

        // Assert
        var rows = Db.Rows("SELECT session_id, agent_id, session_key, created_at, cwd, version, archived_at IS NOT NULL, archive_reason FROM transcripts ORDER BY session_id;");
        rows.Should().HaveCount(2);
        rows[0].Should().Equal("new", "main", "agent:main:main", 1_000L, "/ws", 3L, 0L, null);
        rows[1].Should().Equal("old", "main", "agent:main:main", 1_000L, "/ws", 3L, 1L, "reset");
    }

    [Fact]
    public async Task WriteAsync_DuplicateSeqInABatch_FailsAloneAndTheOthersCommit()
    {
        // Arrange: hold the database's write lock so the queued writes pile up and commit as one batch.
        using var blocker = Db.Open();
        SqliteFile.Execute(blocker, "BEGIN IMMEDIATE;");
        var first = _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [Entry("s1", 1)] }, CancellationToken.None);
        var writes = Enumerable.Range(2, 19)
            .Select(i => _store.WriteAsync(new SessionWrite { Session = Session($"agent:main:k{i}"), Entries = [Entry("s1", i)] }, CancellationToken.None))
            .ToList();
        var duplicate = _store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:dup"), Entries = [Entry("s1", 21), Entry("s1", 5) with { PayloadJson = """{"dup":true}""" }] },
            CancellationToken.None);
        writes.AddRange(Enumerable.Range(22, 10)
            .Select(i => _store.WriteAsync(new SessionWrite { Entries = [Entry("s1", i)] }, CancellationToken.None)));

        // Act
        SqliteFile.Execute(blocker, "COMMIT;");
        var failure = await Record.ExceptionAsync(() => duplicate);
        await first;
        await Task.WhenAll(writes);

        // Assert
        failure.Should().BeOfType<SqliteException>();
        var entries = await _store.ReadTranscriptAsync("s1", CancellationToken.None);
        entries.Select(e => e.Seq).Should().Equal(Enumerable.Range(1, 31).Where(i => i != 21).Select(i => (long)i), "the failed write is rolled back as a whole");
        entries.Single(e => e.Seq == 5).PayloadJson.Should().Be(Entry("s1", 5).PayloadJson);
        (await _store.GetSessionAsync("agent:main:dup", CancellationToken.None)).Should().BeNull();
        (await _store.GetSessionAsync("agent:main:k20", CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task WriteAsync_ACallerThatBlocksInItsContinuation_HoldsUpNoOtherWrite()
    {
        // Arrange: two writes queue up behind the held write lock; the first one's caller then blocks, on the thread
        // that completes its write, until the second write is done
        using var blocker = Db.Open();
        SqliteFile.Execute(blocker, "BEGIN IMMEDIATE;");
        var first = _store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") }, CancellationToken.None);
        var second = _store.WriteAsync(new SessionWrite { Session = Session("agent:main:b") }, CancellationToken.None);
        var firstCaller = first.ContinueWith(_ => second.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // Act
        SqliteFile.Execute(blocker, "COMMIT;");

        // Assert: only a write with nothing queued behind it hands its caller the writer's thread
        (await firstCaller).Should().BeTrue("the second write is not stuck behind the first caller's continuation");
        await second;
    }

    [Fact]
    public async Task WriteAsync_BeforeInitialize_Throws()
    {
        // Arrange
        await using var store = new SqliteSessionStore(_temp.Combine("other.sqlite"));

        // Act
        var act = () => store.WriteAsync(new SessionWrite(), CancellationToken.None);

        // Assert
        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    private SqliteFile Db => new(DatabasePath);
}

using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite.Tests.Support;
using OpenClaw.Testing;

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
    public async Task FindBySessionIdAsync_FindsTheSessionWhoseCurrentTranscriptItIs()
    {
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-a" } }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:b") with { SessionId = "sid-b" } }, CancellationToken.None);

        (await _store.FindBySessionIdAsync("sid-b", CancellationToken.None))!.SessionKey.Should().Be("agent:main:b");
        (await _store.FindBySessionIdAsync("sid-none", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task FindBySessionIdAsync_RowRewrittenInPlaceThenRepointed_FindsItByItsCurrentTranscriptOnly()
    {
        // Arrange: a turn's start and end on one transcript (the in-place update), then a reset to another
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-1" } }, CancellationToken.None);
        await _store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-1", UpdatedAt = 2_000, Label = "kept" }, ExpectedSessionId = "sid-1" },
            CancellationToken.None);
        var beforeReset = await _store.FindBySessionIdAsync("sid-1", CancellationToken.None);

        // Act
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-2", UpdatedAt = 3_000 } }, CancellationToken.None);

        // Assert
        (beforeReset!.UpdatedAt, beforeReset.Label).Should().Be((2_000L, "kept"));
        (await _store.FindBySessionIdAsync("sid-1", CancellationToken.None)).Should().BeNull("the row names its new transcript");
        (await _store.FindBySessionIdAsync("sid-2", CancellationToken.None))!.UpdatedAt.Should().Be(3_000);
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
    public async Task WriteAsync_ExpectedSessionIdNoLongerCurrent_LeavesTheRowAlone()
    {
        // Arrange: the key was repointed (an import, a reset) while a turn on the old transcript ran
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:k") with { SessionId = "new" } }, CancellationToken.None);

        // Act
        await _store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:k") with { SessionId = "old", InputTokens = 9 }, ExpectedSessionId = "old" },
            CancellationToken.None);
        await _store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:fresh") with { SessionId = "s" }, ExpectedSessionId = "s" }, CancellationToken.None);

        // Assert
        (await _store.GetSessionAsync("agent:main:k", CancellationToken.None))!.SessionId.Should().Be("new");
        (await _store.GetSessionAsync("agent:main:fresh", CancellationToken.None)).Should().NotBeNull("a missing row is written");
    }

    [Fact]
    public async Task WriteAsync_ExpectedLastSeqBehindTheTranscript_FailsWithAConflict_AndStoresNothingOfTheWrite()
    {
        // Arrange: a turn read t up to entry 1; another writer has since appended entry 2
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("t"), Entries = [Entry("t", 1), Entry("t", 2)], ExpectedLastSeq = 0 }, CancellationToken.None);

        // Act
        var stale = () => _store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:main") with { SessionId = "t" }, Entries = [Entry("t", 3)], ExpectedLastSeq = 1 },
            CancellationToken.None);
        var current = () => _store.WriteAsync(new SessionWrite { Entries = [Entry("t", 3)], ExpectedLastSeq = 2 }, CancellationToken.None);

        // Assert
        var conflict = (await stale.Should().ThrowAsync<TranscriptConflictException>()).Which;
        (conflict.SessionId, conflict.ExpectedLastSeq, conflict.ActualLastSeq).Should().Be(("t", 1L, 2L));
        (await _store.GetSessionAsync("agent:main:main", CancellationToken.None)).Should().BeNull("nothing of the refused write is stored");
        await current.Should().NotThrowAsync();
        (await _store.ReadTranscriptAsync("t", CancellationToken.None)).Select(e => e.Seq).Should().Equal(1L, 2L, 3L);
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
    public async Task InitializeAsync_CalledTwice_IsHarmless()
    {
        // Act
        await _store.InitializeAsync(CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") }, CancellationToken.None);

        // Assert
        (await _store.GetSessionAsync("agent:main:a", CancellationToken.None)).Should().NotBeNull();
    }

    [Theory]
    [InlineData(false)] // a new row: the upsert
    [InlineData(true)] // a row already on the same transcript: updated in place
    public async Task WriteAsync_SessionWithEveryField_ReadsBackEqual(bool rowExists)
    {
        // Arrange
        if (rowExists)
        {
            await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:main") }, CancellationToken.None);
        }

        var session = Session("agent:main:main") with
        {
            SessionStartedAt = 1_700_000_000_001,
            LastInteractionAt = 1_700_000_000_002,
            Label = "label",
            DisplayName = "Display",
            Channel = "webchat",
            ChatType = "direct",
            ThinkingLevel = "high",
            VerboseLevel = "on",
            ProviderOverride = "mock",
            ModelOverride = "mock-model",
            SendPolicy = "allow",
            ModelProvider = "mock",
            Model = "mock-model",
            InputTokens = 1,
            OutputTokens = 2,
            CacheRead = 3,
            CacheWrite = 4,
            TotalTokens = 10,
            ContextTokens = 128_000,
            AbortedLastRun = true,
            LastRunId = "run-1",
            SystemSent = true,
            ExtraJson = """{"k":"ü"}""",
        };

        // Act
        await _store.WriteAsync(new SessionWrite { Session = session }, CancellationToken.None);
        var read = await _store.GetSessionAsync("agent:main:main", CancellationToken.None);

        // Assert
        read.Should().Be(session);
    }

    [Fact]
    public async Task WriteAsync_ExistingSessionKey_Upserts()
    {
        // Arrange
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:main") with { Label = "old", InputTokens = 5 } }, CancellationToken.None);
        var updated = Session("agent:main:main") with { SessionId = "s-2", Label = null, InputTokens = 7, UpdatedAt = 2_000 };

        // Act
        await _store.WriteAsync(new SessionWrite { Session = updated }, CancellationToken.None);

        // Assert
        (await _store.GetSessionAsync("agent:main:main", CancellationToken.None)).Should().Be(updated);
        (await _store.ListSessionsAsync(new SessionQuery(), CancellationToken.None)).Sessions.Should().ContainSingle();
    }

    [Fact]
    public async Task GetSessionAsync_UnknownKey_ReturnsNull()
    {
        // Act
        var read = await _store.GetSessionAsync("agent:main:none", CancellationToken.None);

        // Assert
        read.Should().BeNull();
    }

    [Fact]
    public async Task ListSessionsAsync_FiltersByAgentAndOrdersByMostRecent()
    {
        // Arrange
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { UpdatedAt = 10 } }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:b") with { UpdatedAt = 30 } }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:beta:c") with { AgentId = "beta", UpdatedAt = 20 } }, CancellationToken.None);

        // Act
        var all = (await _store.ListSessionsAsync(new SessionQuery(), CancellationToken.None)).Sessions;
        var main = (await _store.ListSessionsAsync(new SessionQuery { AgentId = "main" }, CancellationToken.None)).Sessions;

        // Assert
        all.Select(s => s.SessionKey).Should().Equal("agent:main:b", "agent:beta:c", "agent:main:a");
        main.Select(s => s.SessionKey).Should().Equal("agent:main:b", "agent:main:a");
    }

    [Fact]
    public async Task ListSessionsAsync_OnePage_CarriesTheTotalOfEveryMatch()
    {
        // Arrange: sessions 1..5, session 5 the most recent
        for (var i = 1; i <= 5; i++)
        {
            await _store.WriteAsync(new SessionWrite { Session = Session($"agent:main:s{i}") with { UpdatedAt = i } }, CancellationToken.None);
        }

        // Act
        var page = await _store.ListSessionsAsync(new SessionQuery { Offset = 1, Limit = 2 }, CancellationToken.None);
        var past = await _store.ListSessionsAsync(new SessionQuery { Offset = 9, Limit = 2 }, CancellationToken.None);
        var none = await _store.ListSessionsAsync(new SessionQuery { Limit = 0 }, CancellationToken.None);

        // Assert
        page.Sessions.Select(s => s.SessionKey).Should().Equal("agent:main:s4", "agent:main:s3");
        page.TotalCount.Should().Be(5);
        (past.Sessions.Count, past.TotalCount).Should().Be((0, 5));
        (none.Sessions.Count, none.TotalCount).Should().Be((0, 5));
    }

    [Fact]
    public async Task ListSessionsAsync_Filters_BySearchIgnoringCaseBeyondAscii_ByLabel_AndByLastUpdate()
    {
        // Arrange
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { Label = "Ärger", UpdatedAt = 10 } }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:b") with { DisplayName = "ÄRGER im Büro", UpdatedAt = 20 } }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:ärger-c") with { UpdatedAt = 30 } }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Session = Session("agent:main:d") with { Label = "other", UpdatedAt = 40 } }, CancellationToken.None);

        // Act
        var searched = await _store.ListSessionsAsync(new SessionQuery { Search = "ärg" }, CancellationToken.None);
        var labelled = await _store.ListSessionsAsync(new SessionQuery { Label = "Ärger" }, CancellationToken.None);
        var recent = await _store.ListSessionsAsync(new SessionQuery { Search = "ÄRG", UpdatedSince = 20 }, CancellationToken.None);

        // Assert
        searched.Sessions.Select(s => s.SessionKey).Should().Equal("agent:main:ärger-c", "agent:main:b", "agent:main:a");
        labelled.Sessions.Select(s => s.SessionKey).Should().Equal("agent:main:a");
        (recent.Sessions.Count, recent.TotalCount).Should().Be((2, 2));
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
    public async Task ReadTranscriptAsync_EntriesWrittenOutOfOrder_ReturnsThemInSeqOrder()
    {
        // Arrange
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [Entry("s1", 3)] }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Entries = [Entry("s1", 1), Entry("s2", 1)] }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Entries = [Entry("s1", 2)] }, CancellationToken.None);

        // Act
        var entries = await _store.ReadTranscriptAsync("s1", CancellationToken.None);

        // Assert
        entries.Select(e => e.Seq).Should().Equal(1, 2, 3);
        entries.Should().OnlyContain(e => e.SessionId == "s1");
        entries[1].Should().Be(Entry("s1", 2));
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
    public async Task WriteAsync_ManyConcurrentWrites_AreAllCommittedExactlyOnce()
    {
        // Arrange
        const int Writers = 200;

        // Act
        await Task.WhenAll(Enumerable.Range(1, Writers).Select(i => Task.Run(() => _store.WriteAsync(
            new SessionWrite { Session = Session($"agent:main:k{i}"), Entries = [Entry("shared", i)] },
            CancellationToken.None))));

        // Assert
        var entries = await _store.ReadTranscriptAsync("shared", CancellationToken.None);
        entries.Select(e => e.Seq).Should().Equal(Enumerable.Range(1, Writers).Select(i => (long)i));
        Db.Scalar("SELECT COUNT(*) FROM transcript_entries;").Should().Be((long)Writers);
        (await _store.ListSessionsAsync(new SessionQuery { AgentId = "main" }, CancellationToken.None)).Sessions.Should().HaveCount(Writers);
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
    public async Task DisposeAsync_StoreReopenedAfterRestart_KeepsCommittedData()
    {
        // Arrange
        var session = Session("agent:main:main") with { Label = "persisted" };
        await _store.WriteAsync(new SessionWrite { Session = session, NewTranscript = Header("s1"), Entries = [Entry("s1", 1), Entry("s1", 2)] }, CancellationToken.None);
        await _store.DisposeAsync();

        // Act
        _store = new SqliteSessionStore(DatabasePath, fullSync: true);
        await _store.InitializeAsync(CancellationToken.None);

        // Assert
        (await _store.GetSessionAsync("agent:main:main", CancellationToken.None)).Should().Be(session);
        (await _store.ReadTranscriptAsync("s1", CancellationToken.None)).Should().Equal(Entry("s1", 1), Entry("s1", 2));
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

    private static SessionEntry Session(string key) => new()
    {
        SessionKey = key,
        AgentId = "main",
        SessionId = "s-1",
        CreatedAt = 1_000,
        UpdatedAt = 1_000,
    };

    private static TranscriptHeader Header(string sessionId) => new(sessionId, "main", "agent:main:main", 1_000, "/ws");

    private static TranscriptEntry Entry(string sessionId, long seq) => new(
        sessionId, seq, $"e{seq:0000000}", seq == 1 ? null : $"e{seq - 1:0000000}", "message", "2026-11-22T03:36:09.988Z", $$"""{"seq":{{seq}}}""");

    private SqliteFile Db => new(DatabasePath);
}

using FluentAssertions;
using OpenClaw.Core.Sessions;
using Xunit;

using static OpenClaw.Testing.Sessions.StoreSamples;

namespace OpenClaw.Testing.Sessions;

/// <summary>
/// What every <see cref="ISessionStore"/> must do, run against each backend by a subclass that says how to open one
/// over an empty database. A backend that cannot run here (no server) reports every test as skipped, with the reason.
/// </summary>
public abstract class SessionStoreContract : IAsyncLifetime
{
    private const long Now = 1_800_000_000_000;
    private ISessionStore? _store;
    private string? _unavailable;

    /// <summary>The store under test, initialized over an empty database.</summary>
    protected ISessionStore Store => _store ?? throw new SkipException(_unavailable ?? "the store was not opened");

    public async Task InitializeAsync()
    {
        _unavailable = await PrepareAsync();
        if (_unavailable is null)
        {
            _store = await OpenAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanUpAsync();
    }

    /// <summary>Creates this test's empty database; returns why the backend cannot run here, or null.</summary>
    protected abstract Task<string?> PrepareAsync();

    /// <summary>A new store over this test's database, initialized.</summary>
    protected abstract Task<ISessionStore> OpenAsync();

    /// <summary>The archive reason of a stored transcript (null while it is current), read from the database itself.</summary>
    protected abstract Task<string?> ArchiveReasonAsync(string sessionId);

    /// <summary>Removes this test's database.</summary>
    protected abstract Task CleanUpAsync();

    /// <summary>Closes the store and opens a new one over the same data (a gateway restart).</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = await OpenAsync();
    }

    [SkippableFact]
    public async Task FindBySessionIdAsync_FindsTheSessionWhoseCurrentTranscriptItIs()
    {
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-a" } }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:b") with { SessionId = "sid-b" } }, CancellationToken.None);

        (await Store.FindBySessionIdAsync("sid-b", CancellationToken.None))!.SessionKey.Should().Be("agent:main:b");
        (await Store.FindBySessionIdAsync("sid-none", CancellationToken.None)).Should().BeNull();
    }

    [SkippableFact]
    public async Task FindBySessionIdAsync_RowRewrittenInPlaceThenRepointed_FindsItByItsCurrentTranscriptOnly()
    {
        // Arrange: a turn's start and end on one transcript (the in-place update), then a reset to another
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-1" } }, CancellationToken.None);
        await Store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-1", UpdatedAt = 2_000, Label = "kept" }, ExpectedSessionId = "sid-1" },
            CancellationToken.None);
        var beforeReset = await Store.FindBySessionIdAsync("sid-1", CancellationToken.None);

        // Act
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { SessionId = "sid-2", UpdatedAt = 3_000 } }, CancellationToken.None);

        // Assert
        (beforeReset!.UpdatedAt, beforeReset.Label).Should().Be((2_000L, "kept"));
        (await Store.FindBySessionIdAsync("sid-1", CancellationToken.None)).Should().BeNull("the row names its new transcript");
        (await Store.FindBySessionIdAsync("sid-2", CancellationToken.None))!.UpdatedAt.Should().Be(3_000);
    }

    [SkippableFact]
    public async Task WriteAsync_ExpectedSessionIdNoLongerCurrent_LeavesTheRowAlone()
    {
        // Arrange: the key was repointed (an import, a reset) while a turn on the old transcript ran
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:k") with { SessionId = "new" } }, CancellationToken.None);

        // Act
        await Store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:k") with { SessionId = "old", InputTokens = 9 }, ExpectedSessionId = "old" },
            CancellationToken.None);
        await Store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:fresh") with { SessionId = "s" }, ExpectedSessionId = "s" }, CancellationToken.None);

        // Assert
        (await Store.GetSessionAsync("agent:main:k", CancellationToken.None))!.SessionId.Should().Be("new");
        (await Store.GetSessionAsync("agent:main:fresh", CancellationToken.None)).Should().NotBeNull("a missing row is written");
    }

    [SkippableFact]
    public async Task WriteAsync_ExpectedLastSeqBehindTheTranscript_FailsWithAConflict_AndStoresNothingOfTheWrite()
    {
        // Arrange: a turn read t up to entry 1; another writer has since appended entry 2
        await Store.WriteAsync(new SessionWrite { NewTranscript = Header("t"), Entries = [Entry("t", 1), Entry("t", 2)], ExpectedLastSeq = 0 }, CancellationToken.None);

        // Act
        var stale = () => Store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:main") with { SessionId = "t" }, Entries = [Entry("t", 3)], ExpectedLastSeq = 1 },
            CancellationToken.None);
        var current = () => Store.WriteAsync(new SessionWrite { Entries = [Entry("t", 3)], ExpectedLastSeq = 2 }, CancellationToken.None);

        // Assert
        var conflict = (await stale.Should().ThrowAsync<TranscriptConflictException>()).Which;
        (conflict.SessionId, conflict.ExpectedLastSeq, conflict.ActualLastSeq).Should().Be(("t", 1L, 2L));
        (await Store.GetSessionAsync("agent:main:main", CancellationToken.None)).Should().BeNull("nothing of the refused write is stored");
        await current.Should().NotThrowAsync();
        (await Store.ReadTranscriptAsync("t", CancellationToken.None)).Select(e => e.Seq).Should().Equal(1L, 2L, 3L);
    }

    [SkippableFact]
    public async Task InitializeAsync_CalledTwice_IsHarmless()
    {
        // Act
        await Store.InitializeAsync(CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") }, CancellationToken.None);

        // Assert
        (await Store.GetSessionAsync("agent:main:a", CancellationToken.None)).Should().NotBeNull();
    }

    [SkippableTheory]
    [InlineData(false)] // a new row: the upsert
    [InlineData(true)] // a row already on the same transcript: updated in place
    public async Task WriteAsync_SessionWithEveryField_ReadsBackEqual(bool rowExists)
    {
        // Arrange
        if (rowExists)
        {
            await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:main") }, CancellationToken.None);
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
        await Store.WriteAsync(new SessionWrite { Session = session }, CancellationToken.None);
        var read = await Store.GetSessionAsync("agent:main:main", CancellationToken.None);

        // Assert
        read.Should().Be(session);
    }

    [SkippableFact]
    public async Task WriteAsync_ExistingSessionKey_Upserts()
    {
        // Arrange
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:main") with { Label = "old", InputTokens = 5 } }, CancellationToken.None);
        var updated = Session("agent:main:main") with { SessionId = "s-2", Label = null, InputTokens = 7, UpdatedAt = 2_000 };

        // Act
        await Store.WriteAsync(new SessionWrite { Session = updated }, CancellationToken.None);

        // Assert
        (await Store.GetSessionAsync("agent:main:main", CancellationToken.None)).Should().Be(updated);
        (await Store.ListSessionsAsync(new SessionQuery(), CancellationToken.None)).Sessions.Should().ContainSingle();
    }

    [SkippableFact]
    public async Task GetSessionAsync_UnknownKey_ReturnsNull()
    {
        // Act
        var read = await Store.GetSessionAsync("agent:main:none", CancellationToken.None);

        // Assert
        read.Should().BeNull();
    }

    [SkippableFact]
    public async Task ListSessionsAsync_FiltersByAgentAndOrdersByMostRecent()
    {
        // Arrange
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { UpdatedAt = 10 } }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:b") with { UpdatedAt = 30 } }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:beta:c") with { AgentId = "beta", UpdatedAt = 20 } }, CancellationToken.None);

        // Act
        var all = (await Store.ListSessionsAsync(new SessionQuery(), CancellationToken.None)).Sessions;
        var main = (await Store.ListSessionsAsync(new SessionQuery { AgentId = "main" }, CancellationToken.None)).Sessions;

        // Assert
        all.Select(s => s.SessionKey).Should().Equal("agent:main:b", "agent:beta:c", "agent:main:a");
        main.Select(s => s.SessionKey).Should().Equal("agent:main:b", "agent:main:a");
    }

    [SkippableFact]
    public async Task ListSessionsAsync_OnePage_CarriesTheTotalOfEveryMatch()
    {
        // Arrange: sessions 1..5, session 5 the most recent
        for (var i = 1; i <= 5; i++)
        {
            await Store.WriteAsync(new SessionWrite { Session = Session($"agent:main:s{i}") with { UpdatedAt = i } }, CancellationToken.None);
        }

        // Act
        var page = await Store.ListSessionsAsync(new SessionQuery { Offset = 1, Limit = 2 }, CancellationToken.None);
        var past = await Store.ListSessionsAsync(new SessionQuery { Offset = 9, Limit = 2 }, CancellationToken.None);
        var none = await Store.ListSessionsAsync(new SessionQuery { Limit = 0 }, CancellationToken.None);

        // Assert
        page.Sessions.Select(s => s.SessionKey).Should().Equal("agent:main:s4", "agent:main:s3");
        page.TotalCount.Should().Be(5);
        (past.Sessions.Count, past.TotalCount).Should().Be((0, 5));
        (none.Sessions.Count, none.TotalCount).Should().Be((0, 5));
    }

    [SkippableFact]
    public async Task ListSessionsAsync_Filters_BySearchIgnoringCaseBeyondAscii_ByLabel_AndByLastUpdate()
    {
        // Arrange
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:a") with { Label = "Ärger", UpdatedAt = 10 } }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:b") with { DisplayName = "ÄRGER im Büro", UpdatedAt = 20 } }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:ärger-c") with { UpdatedAt = 30 } }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:d") with { Label = "other", UpdatedAt = 40 } }, CancellationToken.None);

        // Act
        var searched = await Store.ListSessionsAsync(new SessionQuery { Search = "ärg" }, CancellationToken.None);
        var labelled = await Store.ListSessionsAsync(new SessionQuery { Label = "Ärger" }, CancellationToken.None);
        var recent = await Store.ListSessionsAsync(new SessionQuery { Search = "ÄRG", UpdatedSince = 20 }, CancellationToken.None);

        // Assert
        searched.Sessions.Select(s => s.SessionKey).Should().Equal("agent:main:ärger-c", "agent:main:b", "agent:main:a");
        labelled.Sessions.Select(s => s.SessionKey).Should().Equal("agent:main:a");
        (recent.Sessions.Count, recent.TotalCount).Should().Be((2, 2));
    }

    [SkippableFact]
    public async Task ReadTranscriptAsync_EntriesWrittenOutOfOrder_ReturnsThemInSeqOrder()
    {
        // Arrange
        await Store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [Entry("s1", 3)] }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Entries = [Entry("s1", 1), Entry("s2", 1)] }, CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Entries = [Entry("s1", 2)] }, CancellationToken.None);

        // Act
        var entries = await Store.ReadTranscriptAsync("s1", CancellationToken.None);

        // Assert
        entries.Select(e => e.Seq).Should().Equal(1, 2, 3);
        entries.Should().OnlyContain(e => e.SessionId == "s1");
        entries[1].Should().Be(Entry("s1", 2));
    }

    [SkippableFact]
    public async Task WriteAsync_ManyConcurrentWrites_AreAllCommittedExactlyOnce()
    {
        // Arrange
        const int Writers = 200;

        // Act
        await Task.WhenAll(Enumerable.Range(1, Writers).Select(i => Task.Run(() => Store.WriteAsync(
            new SessionWrite { Session = Session($"agent:main:k{i}"), Entries = [Entry("shared", i)] },
            CancellationToken.None))));

        // Assert
        var entries = await Store.ReadTranscriptAsync("shared", CancellationToken.None);
        entries.Select(e => e.Seq).Should().Equal(Enumerable.Range(1, Writers).Select(i => (long)i));
        (await Store.ListSessionsAsync(new SessionQuery { AgentId = "main" }, CancellationToken.None)).Sessions.Should().HaveCount(Writers);
    }

    [SkippableFact]
    public async Task DisposeAsync_StoreReopenedAfterRestart_KeepsCommittedData()
    {
        // Arrange
        var session = Session("agent:main:main") with { Label = "persisted" };
        await Store.WriteAsync(new SessionWrite { Session = session, NewTranscript = Header("s1"), Entries = [Entry("s1", 1), Entry("s1", 2)] }, CancellationToken.None);

        // Act
        await ReopenAsync();

        // Assert
        (await Store.GetSessionAsync("agent:main:main", CancellationToken.None)).Should().Be(session);
        (await Store.ReadTranscriptAsync("s1", CancellationToken.None)).Should().Equal(Entry("s1", 1), Entry("s1", 2));
    }

    [SkippableFact]
    public async Task ImportTranscriptAsync_NewKey_CreatesTranscriptEntriesAndSession()
    {
        // Arrange
        var file = await SpecFile();

        // Act
        var result = await Store.ImportTranscriptAsync("agent:main:imported", "main", file, Now, CancellationToken.None);

        // Assert
        result.SessionId.Should().Be(file.SessionId);
        result.CreatedSession.Should().BeTrue();
        var session = await Store.GetSessionAsync("agent:main:imported", CancellationToken.None);
        session.Should().BeEquivalentTo(new { AgentId = "main", SessionId = file.SessionId, CreatedAt = Now, UpdatedAt = Now, LastInteractionAt = (long?)Now });
        (await Store.GetTranscriptAsync(file.SessionId, CancellationToken.None)).Should().Be(
            new TranscriptHeader(file.SessionId, "main", "agent:main:imported", file.CreatedAt, "/home/u/.openclaw/workspace"));
        (await Store.ReadTranscriptAsync(file.SessionId, CancellationToken.None)).Should().Equal(file.Entries);
    }

    [SkippableFact]
    public async Task ImportTranscriptAsync_IdAlreadyStored_MintsANewUuid()
    {
        // Arrange
        var file = await SpecFile();
        await Store.ImportTranscriptAsync("agent:main:first", "main", file, Now, CancellationToken.None);

        // Act
        var second = await Store.ImportTranscriptAsync("agent:main:second", "main", file, Now, CancellationToken.None);

        // Assert
        second.SessionId.Should().NotBe(file.SessionId);
        Guid.TryParse(second.SessionId, out _).Should().BeTrue();
        var copied = await Store.ReadTranscriptAsync(second.SessionId, CancellationToken.None);
        copied.Select(e => (e.Seq, e.EntryId, e.PayloadJson)).Should().Equal(file.Entries.Select(e => (e.Seq, e.EntryId, e.PayloadJson)));
        (await Store.ReadTranscriptAsync(file.SessionId, CancellationToken.None)).Should().HaveCount(3, "the first import is untouched");
    }

    [SkippableFact]
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
        await Store.WriteAsync(new SessionWrite { Session = old, NewTranscript = new TranscriptHeader("old-id", "main", "agent:main:main", 1_000, "/w") }, CancellationToken.None);

        // Act
        var result = await Store.ImportTranscriptAsync("agent:main:main", "main", await SpecFile(), Now, CancellationToken.None);

        // Assert
        result.CreatedSession.Should().BeFalse();
        var session = await Store.GetSessionAsync("agent:main:main", CancellationToken.None);
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
        (await ArchiveReasonAsync("old-id")).Should().Be("reset");
        (await ArchiveReasonAsync(result.SessionId)).Should().BeNull();
    }

    [SkippableFact]
    public async Task WriteAsync_Utf8AndStringEntries_ReadBackIdentical()
    {
        // Arrange
        const string Json = """{"k":"ü","nul":"\u0000"}""";
        var utf8 = TranscriptEntry.FromUtf8("s1", 1, "e0000001", null, "message", "2026-11-22T03:36:09.988Z", System.Text.Encoding.UTF8.GetBytes(Json));
        var text = new TranscriptEntry("s1", 2, "e0000002", "e0000001", "message", "2026-11-22T03:36:09.988Z", Json);

        // Act
        await Store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [utf8, text] }, CancellationToken.None);

        // Assert
        var read = await Store.ReadTranscriptAsync("s1", CancellationToken.None);
        read.Select(e => (e.Seq, e.ParentId, e.PayloadJson)).Should().Equal((1L, null, Json), (2L, "e0000001", Json));
    }

    [SkippableFact]
    public async Task WriteAsync_NonDurableThenDurable_BothAreCommittedAndSurviveReopening()
    {
        // Arrange
        var start = new SessionWrite
        {
            NewTranscript = new TranscriptHeader("s1", "main", "agent:main:k", 1, null),
            Session = Session("agent:main:k") with { SessionId = "s1" },
            Entries = [Entry("s1", 1)],
            Durable = false,
        };

        // Act
        await Store.WriteAsync(start, CancellationToken.None);
        var visibleBeforeTheDurableWrite = await Store.ReadTranscriptAsync("s1", CancellationToken.None);
        await Store.WriteAsync(new SessionWrite { Entries = [Entry("s1", 2)] }, CancellationToken.None);
        await ReopenAsync();

        // Assert
        visibleBeforeTheDurableWrite.Should().ContainSingle();
        (await Store.ReadTranscriptAsync("s1", CancellationToken.None)).Select(e => e.Seq).Should().Equal(1, 2);
        (await Store.GetSessionAsync("agent:main:k", CancellationToken.None)).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task WriteAsync_ResponseSessions_KeepsTheNewestUpToTheCap()
    {
        // Act
        for (var i = 1; i <= 4; i++)
        {
            var entry = new ResponseSession($"resp_{i}", "agent:main:k", "main", "token", null, i);
            await Store.WriteAsync(new SessionWrite { ResponseSession = new ResponseSessionWrite(entry, MaxEntries: 2) }, CancellationToken.None);
        }

        // Assert
        (await Store.FindResponseSessionAsync("resp_2", CancellationToken.None)).Should().BeNull();
        (await Store.FindResponseSessionAsync("resp_3", CancellationToken.None)).Should().NotBeNull();
        (await Store.FindResponseSessionAsync("resp_4", CancellationToken.None)).Should().Be(new ResponseSession("resp_4", "agent:main:k", "main", "token", null, 4));
    }

    [SkippableFact]
    public async Task WriteAsync_DeleteSessionKey_RemovesTheRowAndArchivesItsTranscript()
    {
        // Arrange
        await Store.WriteAsync(new SessionWrite { Session = Session("agent:main:k") with { SessionId = "s1" }, NewTranscript = Header("s1") }, CancellationToken.None);

        // Act
        await Store.WriteAsync(new SessionWrite { DeleteSessionKey = "agent:main:k", Archive = ("s1", "deleted") }, CancellationToken.None);

        // Assert
        (await Store.GetSessionAsync("agent:main:k", CancellationToken.None)).Should().BeNull();
        (await ArchiveReasonAsync("s1")).Should().Be("deleted");
        (await Store.GetTranscriptAsync("s1", CancellationToken.None)).Should().NotBeNull("an archived transcript is kept");
    }

    private static Task<TranscriptFile> SpecFile() => TranscriptJsonl.ReadAsync(new StringReader(TranscriptSamples.SpecExample), CancellationToken.None);
}

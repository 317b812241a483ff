using OpenClaw.Core.Sessions;
using OpenClaw.Testing;

namespace OpenClaw.Sessions.Sqlite.Tests;

public sealed class SqliteNonDurableWriteTests
{
    [Fact]
    public async Task WriteAsync_NonDurableThenDurable_BothAreCommittedAndSurviveReopening()
    {
        // Arrange
        using var temp = new TempDirectory();
        var path = temp.Combine("store.sqlite");
        var store = new SqliteSessionStore(path, fullSync: true);
        await store.InitializeAsync(CancellationToken.None);
        var header = new TranscriptHeader("s1", "main", "agent:main:k", 1, null);
        var start = new SessionWrite
        {
            NewTranscript = header,
            Session = new SessionEntry { SessionKey = "agent:main:k", AgentId = "main", SessionId = "s1", CreatedAt = 1, UpdatedAt = 1 },
            Entries = [new TranscriptEntry("s1", 1, "aaaaaaaa", null, "message", "t", "{\"n\":1}")],
            Durable = false,
        };
        var end = new SessionWrite { Entries = [new TranscriptEntry("s1", 2, "bbbbbbbb", "aaaaaaaa", "message", "t", "{\"n\":2}")] };

        // Act
        await store.WriteAsync(start, CancellationToken.None);
        var visibleBeforeTheDurableWrite = await store.ReadTranscriptAsync("s1", CancellationToken.None);
        await store.WriteAsync(end, CancellationToken.None);
        await store.WriteAsync(start with { Session = start.Session! with { SessionKey = "agent:main:k2" }, NewTranscript = null, Entries = [] }, CancellationToken.None);
        await store.DisposeAsync();

        // Assert
        visibleBeforeTheDurableWrite.Should().ContainSingle();
        await using var reopened = new SqliteSessionStore(path, fullSync: true);
        await reopened.InitializeAsync(CancellationToken.None);
        (await reopened.ReadTranscriptAsync("s1", CancellationToken.None)).Select(e => e.Seq).Should().Equal(1, 2);
        (await reopened.GetSessionAsync("agent:main:k2", CancellationToken.None)).Should().NotBeNull();
    }
}

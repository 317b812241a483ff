using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Sessions;

public sealed class TranscriptFeedTests
{
    [Fact]
    public async Task Publish_WakesTheSubscribersOfThatTranscriptOnly_InOrder()
    {
        // Arrange
        var feed = new TranscriptFeed();
        using var mine = feed.Subscribe("s1");
        using var other = feed.Subscribe("s2");
        var waiting = mine.WaitAsync(CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse();

        // Act
        feed.Publish([Entry("s1", 1), Entry("s2", 1), Entry("s1", 2)]);

        // Assert
        await waiting;
        mine.Take().Entries.Select(e => e.Seq).Should().Equal(1, 2);
        feed.Publish([Entry("s1", 3), Entry("s1", 4)]);
        var taken = mine.Take();
        taken.Lagged.Should().BeFalse();
        taken.Entries.Select(e => e.Seq).Should().Equal(3, 4);
        other.Take().Entries.Select(e => (e.SessionId, e.Seq)).Should().Equal(("s2", 1L));
        other.WaitAsync(CancellationToken.None).IsCompleted.Should().BeFalse();
    }

    [Fact]
    public void Take_ReturnsEverythingPublishedSinceTheLastTake()
    {
        // Arrange
        var feed = new TranscriptFeed();
        using var subscription = feed.Subscribe("s1");

        // Act
        feed.Publish([Entry("s1", 1)]);
        feed.Publish([Entry("s1", 2), Entry("s1", 3)]);
        var first = subscription.Take();
        var second = subscription.Take();

        // Assert
        first.Entries.Select(e => e.Seq).Should().Equal(1, 2, 3);
        second.Entries.Should().BeEmpty();
        subscription.PendingBytes.Should().Be(0);
    }

    [Fact]
    public void Publish_PastTheBound_DropsWhatTheSubscriberHeld_AndMarksItLagged_WithoutEverHoldingMore()
    {
        // Arrange: room for about four entries of 1 000 chars.
        var feed = new TranscriptFeed();
        var entryBytes = TranscriptFeed.BytesHeld(Entry("s1", 1, 1000));
        using var slow = feed.Subscribe("s1", maxPendingBytes: (4 * entryBytes) + 10);
        using var fast = feed.Subscribe("s1", maxPendingBytes: long.MaxValue);

        // Act: a writer that publishes 1 000 entries to a subscriber that never takes any.
        for (var seq = 1; seq <= 1000; seq++)
        {
            feed.Publish([Entry("s1", seq, 1000)]);
            slow.PendingBytes.Should().BeLessThanOrEqualTo(slow.MaxPendingBytes);
        }

        var lagged = slow.Take();
        feed.Publish([Entry("s1", 1001, 1000)]);
        var afterTheLag = slow.Take();

        // Assert: the slow one lagged once and holds nothing; the other subscriber got all of it.
        lagged.Lagged.Should().BeTrue();
        lagged.Entries.Should().BeEmpty();
        afterTheLag.Should().Match<TranscriptAppends>(a => !a.Lagged && a.Entries.Count == 1 && a.Entries[0].Seq == 1001);
        feed.LagCount.Should().Be(1);
        fast.Take().Entries.Should().HaveCount(1001);
    }

    [Fact]
    public void Publish_ABatchLargerThanTheBound_LagsAtOnce()
    {
        var feed = new TranscriptFeed();
        using var subscription = feed.Subscribe("s1", maxPendingBytes: 100);

        feed.Publish([Entry("s1", 1, 1000)]);

        subscription.Take().Lagged.Should().BeTrue();
    }

    [Fact]
    public async Task Dispose_Unsubscribes_AndReleasesAWaitingReader()
    {
        // Arrange
        var feed = new TranscriptFeed();
        var first = feed.Subscribe("s1");
        var second = feed.Subscribe("s1");
        var waiting = first.WaitAsync(CancellationToken.None);
        feed.SubscriberCount.Should().Be(2);

        // Act
        first.Dispose();
        first.Dispose();
        second.Dispose();
        feed.Publish([Entry("s1", 1)]);

        // Assert
        await waiting;
        feed.SubscriberCount.Should().Be(0);
        first.Take().Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task WaitAsync_IsCancelledByItsToken()
    {
        var feed = new TranscriptFeed();
        using var subscription = feed.Subscribe("s1");
        using var cts = new CancellationTokenSource();

        var waiting = subscription.WaitAsync(cts.Token);
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task PublishingSessionStore_PublishesTheEntriesOfACommittedWrite_AndNothingOfAFailedOne()
    {
        // Arrange
        using var temp = new TempDirectory();
        var path = temp.Combine("store.sqlite");
        var feed = new TranscriptFeed();
        await using (var store = new PublishingSessionStore(new SqliteSessionStore(path), feed))
        {
            await store.InitializeAsync(CancellationToken.None);
            using var subscription = feed.Subscribe("s1");
            var waiting = subscription.WaitAsync(CancellationToken.None);

            // Act
            await store.WriteAsync(
                new SessionWrite { NewTranscript = new TranscriptHeader("s1", "main", "agent:main:k", 1, null), Entries = [Entry("s1", 1), Entry("s1", 2)] },
                CancellationToken.None);

            // Assert: published once committed, and readable by whoever is told.
            waiting.IsCompletedSuccessfully.Should().BeTrue();
            subscription.Take().Entries.Select(e => e.Seq).Should().Equal(1, 2);
            (await store.ReadTranscriptAsync("s1", CancellationToken.None)).Should().HaveCount(2);
        }

        await using var readOnly = new PublishingSessionStore(SqliteSessionStore.OpenReadOnly(path), feed);
        using var after = feed.Subscribe("s1");
        await FluentActions.Awaiting(() => readOnly.WriteAsync(new SessionWrite { Entries = [Entry("s1", 3)] }, CancellationToken.None))
            .Should().ThrowAsync<Exception>();
        after.Take().Entries.Should().BeEmpty();
    }

    private static TranscriptEntry Entry(string sessionId, long seq, int textChars = 4) =>
        new(sessionId, seq, $"e{seq:D7}", null, "message", "2026-01-01T00:00:00.000Z",
            $$$"""{"type":"message","message":{"role":"user","content":"{{{new string('x', textChars)}}}","timestamp":1}}""");
}

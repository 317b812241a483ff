using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Runs;

public sealed class TranscriptIdsTests
{
    [Fact]
    public void Next_DefaultSource_IsEightLowercaseHexCharacters()
    {
        // Arrange
        var ids = new TranscriptIds([]);

        // Act
        var minted = Enumerable.Range(0, 1000).Select(_ => ids.Next()).ToList();

        // Assert
        minted.Should().OnlyContain(id => id.Length == 8 && id.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
        minted.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Next_DrawsAnIdTheTranscriptHolds_DrawsAgain()
    {
        // Arrange: the source draws the stored entry's id first, and the same id again after a fresh one.
        var draws = new Queue<uint>([0x0d15ea5e, 0x0000beef, 0x0d15ea5e, 0x0000beef, 0xcafe0001]);
        var ids = new TranscriptIds([Stored("0d15ea5e")], draws.Dequeue);

        // Act
        string[] minted = [ids.Next(), ids.Next()];

        // Assert
        minted.Should().Equal("0000beef", "cafe0001");
        draws.Should().BeEmpty();
    }

    [Fact]
    public void Next_IdsOfImportedEntries_AreTakenWhateverTheirForm()
    {
        // Arrange
        var ids = new TranscriptIds([Stored("0a1b2c3d"), Stored("msg-1")], new Queue<uint>([0x0a1b2c3d, 0x0a1b2c3e]).Dequeue);

        // Act
        var id = ids.Next();

        // Assert
        id.Should().Be("0a1b2c3e");
    }

    [Fact]
    public void Next_CollidingDrawsOverATurn_ReplayKeepsTheWholeHistory()
    {
        // Arrange: a stored turn, and a source that keeps drawing its ids, as an unlucky 32-bit draw would.
        TranscriptEntry[] stored =
        [
            TranscriptFormat.UserMessage("s", 1, "0d15ea5e", null, 1, "one"),
            TranscriptFormat.AssistantMessage("s", 2, "0badf00d", "0d15ea5e", 2, "two", "openai-completions", "fake", "m", RunUsage.Zero, "stop", null),
        ];
        var draws = new Queue<uint>([0x0d15ea5e, 0x0badf00d, 0x00000001, 0x0d15ea5e, 0x00000002]);
        var ids = new TranscriptIds(stored, draws.Dequeue);

        // Act
        var user = TranscriptFormat.UserMessage("s", 3, ids.Next(), stored[1].EntryId, 3, "three");
        var answer = TranscriptFormat.AssistantMessage("s", 4, ids.Next(), user.EntryId, 4, "four", "openai-completions", "fake", "m", RunUsage.Zero, "stop", null);
        var messages = TranscriptReplay.Replay([.. stored, user, answer]);

        // Assert
        (user.EntryId, answer.EntryId).Should().Be(("00000001", "00000002"));
        messages.Select(m => m.Text).Should().Equal("one", "two", "three", "four");
    }

    private static TranscriptEntry Stored(string id) => new("s", 1, id, null, "message", "2026-11-22T03:36:09.988Z", "{}");
}

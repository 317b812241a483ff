using Microsoft.Extensions.AI;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Sessions;

/// <summary>Replay of imported transcripts: the leaf's parentId chain and the §7.3 context effects.</summary>
public sealed class TranscriptReplayTests
{
    [Fact]
    public async Task Replay_BranchedFile_FollowsTheLastEntrysChainOnly()
    {
        // Arrange
        var file = await TranscriptJsonl.ReadAsync(new StringReader(TranscriptFixtures.Branched), CancellationToken.None);

        // Act
        var messages = TranscriptReplay.Replay(file.Entries);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "[Sun 2026-11-22 03:36 UTC] ws hello"),
            (ChatRole.Assistant, "Let me look."),
            (ChatRole.Tool, ""),
            (ChatRole.Assistant, "The readme is short."),
            (ChatRole.User, "branch B question"),
            (ChatRole.Assistant, "branch B answer"));
    }

    [Fact]
    public void Replay_Compaction_ReplacesEntriesBeforeFirstKeptWithItsSummary()
    {
        // Arrange: u1 a1 u2 a2 | compaction keeping from u2 | u3
        TranscriptEntry[] entries =
        [
            Message(1, "u1", null, "user", "old question"),
            Message(2, "a1", "u1", "assistant", "old answer"),
            Message(3, "u2", "a1", "user", "kept question"),
            Message(4, "a2", "u2", "assistant", "kept answer"),
            Entry(5, "c1", "a2", "compaction", """{"type":"compaction","id":"c1","parentId":"a2","summary":"They talked about old things.","firstKeptEntryId":"u2","tokensBefore":900}"""),
            Message(6, "u3", "c1", "user", "new question"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert: the summary and the first kept question are one user turn (user messages never come two in a row).
        messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "The conversation history before this point was compacted into the following summary:\n\n<summary>\nThey talked about old things.\n</summary>\n\nkept question"),
            (ChatRole.Assistant, "kept answer"),
            (ChatRole.User, "new question"));
    }

    [Fact]
    public void Replay_TwoCompactions_OnlyTheLatestCounts()
    {
        // Arrange
        TranscriptEntry[] entries =
        [
            Message(1, "u1", null, "user", "one"),
            Entry(2, "c1", "u1", "compaction", """{"type":"compaction","summary":"first","firstKeptEntryId":"u1"}"""),
            Message(3, "u2", "c1", "user", "two"),
            Entry(4, "c2", "u2", "compaction", """{"type":"compaction","summary":"second","firstKeptEntryId":"u2"}"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Text).Should().Equal(
            "The conversation history before this point was compacted into the following summary:\n\n<summary>\nsecond\n</summary>\n\ntwo");
    }

    [Fact]
    public void Replay_CustomMessage_EntersAsUserMessage_OtherTypesDoNot()
    {
        // Arrange
        TranscriptEntry[] entries =
        [
            Message(1, "u1", null, "user", "hi"),
            Entry(2, "m1", "u1", "custom_message", """{"type":"custom_message","customType":"note","content":[{"type":"text","text":"remember this"}],"display":true}"""),
            Entry(3, "x1", "m1", "custom", """{"type":"custom","customType":"state","data":{"a":1}}"""),
            Entry(4, "l1", "x1", "label", """{"type":"label","targetId":"u1","label":"start"}"""),
            Entry(5, "b1", "l1", "branch_summary", """{"type":"branch_summary","summary":"elsewhere"}"""),
            Entry(6, "t1", "b1", "thinking_level_change", """{"type":"thinking_level_change","thinkingLevel":"high"}"""),
            Entry(7, "s1", "t1", "custom_message", """{"type":"custom_message","customType":"note","content":"plain text note","display":false}"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal((ChatRole.User, "hi\n\nremember this\n\nplain text note"));
    }

    [Fact]
    public void Replay_DanglingParent_LinksToThePreviousEntry()
    {
        // Arrange: a2's parent was a write that never reached the store.
        TranscriptEntry[] entries =
        [
            Message(1, "u1", null, "user", "one"),
            Message(2, "a1", "u1", "assistant", "two"),
            Message(3, "u2", "lost", "user", "three"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Text).Should().Equal("one", "two", "three");
    }

    [Fact]
    public void Replay_DuplicateEntryId_ParentIsTheNearestEarlierEntry_HistoryIsNotCut()
    {
        // Arrange: u2 was minted with u1's id; a2 hangs off u2, a1 off u1.
        TranscriptEntry[] entries =
        [
            Message(1, "0d15ea5e", null, "user", "one"),
            Message(2, "a1", "0d15ea5e", "assistant", "two"),
            Message(3, "0d15ea5e", "a1", "user", "three"),
            Message(4, "a2", "0d15ea5e", "assistant", "four"),
            Message(5, "u3", "a2", "user", "five"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Text).Should().Equal("one", "two", "three", "four", "five");
    }

    [Fact]
    public void Replay_RootInTheMiddle_StartsThere()
    {
        // Arrange: the file's last entry starts a new tree (pi's "branch from the start").
        TranscriptEntry[] entries =
        [
            Message(1, "u1", null, "user", "one"),
            Message(2, "a1", "u1", "assistant", "two"),
            Message(3, "u9", null, "user", "fresh start"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Text).Should().Equal("fresh start");
    }

    private static TranscriptEntry Message(long seq, string id, string? parentId, string role, string text) =>
        Entry(seq, id, parentId, "message", $$$"""{"type":"message","id":"{{{id}}}","message":{"role":"{{{role}}}","content":[{"type":"text","text":"{{{text}}}"}]}}""");

    private static TranscriptEntry Entry(long seq, string id, string? parentId, string type, string payload) =>
        new("s", seq, id, parentId, type, "2026-11-22T03:36:09.988Z", payload);

    [Fact]
    public void Replay_MalformedStoredEntries_AreLeftOut_NotFatal()
    {
        // Arrange: entries a store could hold from before import validation, or from another writer
        IReadOnlyList<TranscriptEntry> entries =
        [
            Entry(1, "u1", null, "message", """{"type":"message","id":"u1","parentId":null,"message":{"role":"user","content":"hello"}}"""),
            Entry(2, "b1", "u1", "message", """{"type":"message","id":"b1","parentId":"u1","message":"oops"}"""),
            Entry(3, "b2", "b1", "message", """{"type":"message","id":"b2","parentId":"b1","message":{"role":7}}"""),
            Entry(4, "b3", "b2", "message", """{"type":"message","id":"b3","parentId":"b2","message":{"role":"user","content":"\ud800"}}"""),
            Entry(5, "a1", "b3", "message", """{"type":"message","id":"a1","parentId":"b3","message":{"role":"assistant","content":[{"type":"text","text":"hi"}]}}"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => (m.Role.Value, m.Text)).Should().Equal(("user", "hello"), ("assistant", "hi"));
    }
}

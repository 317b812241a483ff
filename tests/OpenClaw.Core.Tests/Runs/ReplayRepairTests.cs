using Microsoft.Extensions.AI;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>
/// Histories a crash, an abort or an imported file can leave, and the replay that every provider accepts: user first,
/// user and assistant alternating, each tool call answered right behind its assistant message.
/// </summary>
public sealed class ReplayRepairTests
{
    /// <summary>What the model is told about a call whose result never reached the transcript.</summary>
    private const string Interrupted = "Tool call interrupted: no result was recorded.";

    [Fact]
    public void Replay_UnansweredUserEntry_IsMergedWithTheNextUserMessage()
    {
        // Arrange: the run of "two" was killed after persisting its user entry, before any answer.
        TranscriptEntry[] entries =
        [
            User(1, "one"),
            Assistant(2, """[{"type":"text","text":"echo: one"}]"""),
            User(3, "two"),
            User(4, "three"),
            Assistant(5, """[{"type":"text","text":"echo: three"}]"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "one"),
            (ChatRole.Assistant, "echo: one"),
            (ChatRole.User, "two\n\nthree"),
            (ChatRole.Assistant, "echo: three"));
        messages[2].Contents.Should().ContainSingle("one text, not two parts a provider could render apart");
    }

    [Fact]
    public void Replay_FailedTurnWithoutText_LeavesNoTwoUserMessagesInARow()
    {
        // Arrange: a provider error is stored as an assistant entry without content.
        TranscriptEntry[] entries =
        [
            User(1, "kept"),
            Entry(2, "message", """{"type":"message","message":{"role":"assistant","content":[],"stopReason":"error","errorMessage":"500"}}"""),
            User(3, "again"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal((ChatRole.User, "kept\n\nagain"));
    }

    [Fact]
    public void Replay_CallsWithoutResults_GetAnInterruptedErrorResultEach()
    {
        // Arrange: c1 was answered, then the run died (or was aborted) while c2 and c3 were pending.
        TranscriptEntry[] entries =
        [
            User(1, "go"),
            Assistant(2, """[{"type":"text","text":"Let me look."},{"type":"toolCall","id":"c1","name":"ls","arguments":{}},{"type":"toolCall","id":"c2","name":"read","arguments":{}},{"type":"toolCall","id":"c3","name":"exec","arguments":{}}]"""),
            ToolResult(3, "c1", "a.txt"),
            User(4, "next"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Role).Should().Equal(ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool, ChatRole.Tool, ChatRole.User);
        messages[1].Contents.OfType<FunctionCallContent>().Select(c => c.CallId).Should().Equal("c1", "c2", "c3");
        var results = messages.Skip(2).Take(3).Select(m => m.Contents.OfType<FunctionResultContent>().Single()).ToList();
        results.Select(r => (r.CallId, (string)r.Result!, r.Exception is not null)).Should().Equal(
            ("c1", "a.txt", false),
            ("c2", Interrupted, true),
            ("c3", Interrupted, true));
    }

    [Fact]
    public void Replay_CallOnlyAssistantWithoutResult_StaysAsACallWithItsInterruptedResult()
    {
        // Arrange: the shape an abort under a running tool leaves; the call is the model's whole turn.
        TranscriptEntry[] entries =
        [
            User(1, "run it"),
            Assistant(2, """[{"type":"toolCall","id":"c1","name":"exec","arguments":{"command":"sleep 600"}}]"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Role).Should().Equal(ChatRole.User, ChatRole.Assistant, ChatRole.Tool);
        messages[2].Contents.OfType<FunctionResultContent>().Single().CallId.Should().Be("c1");
    }

    [Fact]
    public void Replay_ResultsOutOfPlaceOrTwice_AreDropped()
    {
        // Arrange: r9 answers no call; the second c1 result answers a call already answered; the late c2 result
        // follows a user message, not its assistant message.
        TranscriptEntry[] entries =
        [
            User(1, "go"),
            ToolResult(2, "r0", "before any call"),
            Assistant(3, """[{"type":"toolCall","id":"c1","name":"ls","arguments":{}},{"type":"toolCall","id":"c2","name":"ls","arguments":{}}]"""),
            ToolResult(4, "c1", "first"),
            ToolResult(5, "r9", "stray"),
            ToolResult(6, "c1", "second"),
            User(7, "next"),
            ToolResult(8, "c2", "late"),
            Assistant(9, """[{"type":"text","text":"done"}]"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Role).Should().Equal(ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool, ChatRole.User, ChatRole.Assistant);
        messages.Skip(2).Take(2).Select(m => m.Contents.OfType<FunctionResultContent>().Single())
            .Select(r => (r.CallId, (string)r.Result!)).Should().Equal(("c1", "first"), ("c2", Interrupted));
    }

    [Fact]
    public void Replay_AssistantBeforeAnyUser_IsDroppedWithItsResults()
    {
        // Arrange: an imported chain that starts with the model speaking.
        TranscriptEntry[] entries =
        [
            Assistant(1, """[{"type":"text","text":"Hello! I am your agent."},{"type":"toolCall","id":"c0","name":"ls","arguments":{}}]"""),
            ToolResult(2, "c0", "a.txt"),
            Assistant(3, """[{"type":"text","text":"Ready."}]"""),
            User(4, "hi"),
            Assistant(5, """[{"type":"text","text":"hello"}]"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal((ChatRole.User, "hi"), (ChatRole.Assistant, "hello"));
    }

    [Fact]
    public void Replay_TwoAssistantMessagesInARow_AreMergedKeepingTheCalls()
    {
        // Arrange: the user entry between them was malformed and is left out.
        TranscriptEntry[] entries =
        [
            User(1, "one"),
            Assistant(2, """[{"type":"text","text":"first answer"}]"""),
            Entry(3, "message", """{"type":"message","message":{"role":"user","content":7}}"""),
            Assistant(4, """[{"type":"text","text":"second answer"},{"type":"toolCall","id":"c1","name":"ls","arguments":{}}]"""),
            ToolResult(5, "c1", "a.txt"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "one"), (ChatRole.Assistant, "first answer\n\nsecond answer"), (ChatRole.Tool, ""));
        messages[1].Contents.OfType<FunctionCallContent>().Single().CallId.Should().Be("c1");
    }

    [Fact]
    public void Replay_ValidHistory_IsReplayedAsStored()
    {
        // Arrange
        TranscriptEntry[] entries =
        [
            User(1, "go"),
            Assistant(2, """[{"type":"toolCall","id":"c1","name":"ls","arguments":{}},{"type":"toolCall","id":"c2","name":"ls","arguments":{}}]"""),
            ToolResult(3, "c2", "second"),
            ToolResult(4, "c1", "first"),
            Assistant(5, """[{"type":"text","text":"done"}]"""),
            User(6, "thanks"),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert: results keep their stored order; nothing is merged, added or dropped.
        messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "go"), (ChatRole.Assistant, ""), (ChatRole.Tool, ""), (ChatRole.Tool, ""), (ChatRole.Assistant, "done"), (ChatRole.User, "thanks"));
        messages.SelectMany(m => m.Contents.OfType<FunctionResultContent>()).Select(r => r.CallId).Should().Equal("c2", "c1");
    }

    [Fact]
    public void AddTurn_AfterAnUnansweredUserTurn_MergesTextsInOrderAndKeepsEveryImage()
    {
        // Arrange
        var first = new DataContent(new byte[] { 1 }, "image/png");
        var second = new DataContent(new byte[] { 2 }, "image/jpeg");
        List<ChatMessage> context =
        [
            new(ChatRole.System, "prompt"),
            new(ChatRole.User, [new TextContent("[Sun 2026-11-22 03:40 UTC] two"), first]),
        ];

        // Act
        ReplayRepair.AddTurn(context, new ChatMessage(ChatRole.User, [new TextContent("[Sun 2026-11-22 03:41 UTC] three"), second]));

        // Assert
        context.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User);
        context[1].Contents.Should().HaveCount(3);
        context[1].Contents[0].Should().BeOfType<TextContent>().Which.Text.Should().Be("[Sun 2026-11-22 03:40 UTC] two\n\n[Sun 2026-11-22 03:41 UTC] three");
        context[1].Contents.Skip(1).Should().Equal(first, second);
    }

    [Theory]
    [InlineData("system")]
    [InlineData("assistant")]
    [InlineData("tool")]
    public void AddTurn_AfterAnythingButAUserTurn_AppendsTheTurnAsIs(string lastRole)
    {
        // Arrange
        List<ChatMessage> context = [new(ChatRole.System, "prompt")];
        if (lastRole != "system")
        {
            context.Add(new(ChatRole.User, "go"));
            context.Add(new(ChatRole.Assistant, [new FunctionCallContent("c1", "ls")]));
        }

        if (lastRole == "tool")
        {
            context.Add(new(ChatRole.Tool, [new FunctionResultContent("c1", "a.txt")]));
        }

        var turn = new ChatMessage(ChatRole.User, "next");

        // Act
        ReplayRepair.AddTurn(context, turn);

        // Assert
        context[^1].Should().BeSameAs(turn);
        context[^2].Role.Value.Should().Be(lastRole);
    }

    private static TranscriptEntry User(long seq, string text) =>
        Entry(seq, "message", $$$"""{"type":"message","message":{"role":"user","content":"{{{text}}}"}}""");

    private static TranscriptEntry Assistant(long seq, string contentJson) =>
        Entry(seq, "message", $$$"""{"type":"message","message":{"role":"assistant","content":{{{contentJson}}},"stopReason":"stop"}}""");

    private static TranscriptEntry ToolResult(long seq, string callId, string text) =>
        Entry(seq, "message", $$$"""{"type":"message","message":{"role":"toolResult","toolCallId":"{{{callId}}}","toolName":"ls","content":[{"type":"text","text":"{{{text}}}"}],"isError":false}}""");

    /// <summary>An entry of a single chain in <c>seq</c> order (no entry names a parent, so none is followed).</summary>
    private static TranscriptEntry Entry(long seq, string type, string payload) =>
        new("s", seq, $"e{seq:x7}", null, type, "2026-11-22T03:36:09.988Z", payload);
}

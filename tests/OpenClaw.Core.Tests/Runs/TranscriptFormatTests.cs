using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Runs;

public class TranscriptFormatTests
{
    private const long Now = 1_795_318_569_988;

    [Fact]
    public void IsoTimestamp_UnixMilliseconds_IsUtcWithMilliseconds()
    {
        // Act
        var text = TranscriptFormat.IsoTimestamp(Now);

        // Assert
        text.Should().Be("2026-11-22T03:36:09.988Z");
    }

    [Fact]
    public void UserMessage_FirstEntry_HasV3ShapeWithNullParent()
    {
        // Act
        var entry = TranscriptFormat.UserMessage("sess-1", 1, "a1b2c3d4", null, Now, "[Sun 2026-11-22 03:36 UTC] ws hello");

        // Assert
        entry.Should().BeEquivalentTo(new { SessionId = "sess-1", Seq = 1L, EntryId = "a1b2c3d4", ParentId = (string?)null, Type = "message", Timestamp = "2026-11-22T03:36:09.988Z" });
        entry.PayloadJson.Should().Be(
            """{"type":"message","id":"a1b2c3d4","parentId":null,"timestamp":"2026-11-22T03:36:09.988Z","message":{"role":"user","content":"[Sun 2026-11-22 03:36 UTC] ws hello","timestamp":1795318569988}}""");
    }

    [Fact]
    public void UserMessage_NonAsciiAndQuotes_AreWrittenAsRawUtf8()
    {
        // Act
        var entry = TranscriptFormat.UserMessage("s", 2, "b2c3d4e5", "a1b2c3d4", Now, "it's \"über\" <ok>");

        // Assert
        entry.ParentId.Should().Be("a1b2c3d4");
        entry.PayloadJson.Should().Contain("\"parentId\":\"a1b2c3d4\"");
        entry.PayloadJson.Should().Contain("\"content\":\"it's \\\"über\\\" <ok>\"");
    }

    [Fact]
    public void AssistantMessage_Stop_HasV3ShapeInKeyOrder()
    {
        // Arrange
        var usage = new RunUsage(12068, 4, 0, 0, 12072);

        // Act
        var entry = TranscriptFormat.AssistantMessage("s", 2, "b2c3d4e5", "a1b2c3d4", Now, "Let me look.", "openai-completions", "mock", "mock-model", usage, "stop", null);

        // Assert
        entry.PayloadJson.Should().Be(
            $$$"""{"type":"message","id":"{{{entry.EntryId}}}","parentId":"a1b2c3d4","timestamp":"2026-11-22T03:36:09.988Z","message":{"role":"assistant","content":[{"type":"text","text":"Let me look."}],"api":"openai-completions","provider":"mock","model":"mock-model","usage":{"input":12068,"output":4,"cacheRead":0,"cacheWrite":0,"totalTokens":12072,"cost":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}},"stopReason":"stop","timestamp":1795318569988}}""");
    }

    [Fact]
    public void AssistantMessage_ErrorWithoutText_HasEmptyContentAndErrorMessage()
    {
        // Act
        var entry = TranscriptFormat.AssistantMessage("s", 2, "b2c3d4e5", "p", Now, "", "openai-completions", "mock", "m", RunUsage.Zero, "error", "500 boom");

        // Assert
        entry.PayloadJson.Should().Contain("\"content\":[]")
            .And.EndWith("\"stopReason\":\"error\",\"timestamp\":1795318569988,\"errorMessage\":\"500 boom\"}}");
    }

    [Fact]
    public void Replay_UserAndAssistantEntries_BecomeMessagesInOrder()
    {
        // Arrange
        var user = TranscriptFormat.UserMessage("s", 1, "a", null, Now, "[Sun 2026-11-22 03:19 UTC] my name is Zed");
        var assistant = TranscriptFormat.AssistantMessage("s", 2, "b", user.EntryId, Now, "echo: my name is Zed", "openai-completions", "mock", "m", RunUsage.Zero, "stop", null);

        // Act
        var messages = TranscriptReplay.Replay([user, assistant]);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "[Sun 2026-11-22 03:19 UTC] my name is Zed"),
            (ChatRole.Assistant, "echo: my name is Zed"));
    }

    [Fact]
    public void Replay_ImportedEntries_KeepsTextAndToolTurnsAndSkipsEverythingElse()
    {
        // Arrange
        TranscriptEntry[] entries =
        [
            Raw(1, "session", """{"type":"session","version":3,"id":"s"}"""),
            Raw(2, "message", """{"type":"message","message":{"role":"user","content":[{"type":"text","text":"part one "},{"type":"image","data":"AA==","mimeType":"image/png"},{"type":"text","text":"part two"}]}}"""),
            Raw(3, "message", """{"type":"message","message":{"role":"assistant","content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"answer"},{"type":"toolCall","id":"c1","name":"read","arguments":{}}]}}"""),
            Raw(4, "message", """{"type":"message","message":{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"# Readme"}]}}"""),
            Raw(5, "message", """{"type":"message","message":{"role":"assistant","content":[],"stopReason":"aborted"}}"""),
            Raw(6, "model_change", """{"type":"model_change","provider":"mock","modelId":"m"}"""),
            Raw(7, "message", """{"type":"message","message":{"role":"user"}}"""),
            Raw(8, "message", """{"type":"message"}"""),
            Raw(9, "message", """{"type":"message","message":{"role":"user","content":"plain string"}}"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => (m.Role, m.Text)).Should().Equal(
            (ChatRole.User, "part one part two"),
            (ChatRole.Assistant, "answer"),
            (ChatRole.Tool, ""),
            (ChatRole.User, "plain string"));
        messages[1].Contents.OfType<FunctionCallContent>().Single().CallId.Should().Be("c1");
        messages[2].Contents.OfType<FunctionResultContent>().Single().Result.Should().Be("# Readme");
    }

    [Fact]
    public void Replay_WrittenToolTurn_RoundTrips()
    {
        // Arrange
        var call = ProviderToolCalls.Create("call_1", "read", """{"path":"README.md"}""");
        TranscriptEntry[] entries =
        [
            TranscriptFormat.UserMessage("s", 1, "a", null, 1, "read it"),
            TranscriptFormat.AssistantMessage("s", 2, "b", "a", 2, "Let me look.", "openai-completions", "mock", "m", RunUsage.Zero, "toolUse", null, [call]),
            TranscriptFormat.ToolResultMessage("s", 3, "c", "b", 3, "call_1", "read", "# Readme", isError: false),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert
        messages.Select(m => m.Role).Should().Equal(ChatRole.User, ChatRole.Assistant, ChatRole.Tool);
        var replayed = messages[1].Contents.OfType<FunctionCallContent>().Single();
        (replayed.CallId, replayed.Name, ProviderToolCalls.RawArguments(replayed)).Should().Be(("call_1", "read", """{"path":"README.md"}"""));
        messages[1].Text.Should().Be("Let me look.");
        messages[2].Contents.OfType<FunctionResultContent>().Single().Should().Match<FunctionResultContent>(r => r.CallId == "call_1" && (string)r.Result! == "# Readme");
        JsonDocument.Parse(entries[1].PayloadJson).RootElement.GetProperty("message").GetProperty("content")[1].GetRawText()
            .Should().Be("""{"type":"toolCall","id":"call_1","name":"read","arguments":{"path":"README.md"}}""");
        JsonDocument.Parse(entries[2].PayloadJson).RootElement.GetProperty("message").GetRawText()
            .Should().StartWith("""{"role":"toolResult","toolCallId":"call_1","toolName":"read","content":[{"type":"text","text":"# Readme"}],"isError":false,""");
    }

    [Fact]
    public void Replay_ErrorResult_KeepsItsErrorFlag()
    {
        // Arrange
        TranscriptEntry[] entries =
        [
            TranscriptFormat.UserMessage("s", 1, "a", null, 1, "read x"),
            TranscriptFormat.AssistantMessage("s", 2, "b", "a", 1, "", "openai-completions", "mock", "m", RunUsage.Zero, "toolUse", null, [ProviderToolCalls.Create("c1", "read", "{}")]),
            TranscriptFormat.ToolResultMessage("s", 3, "c", "b", 2, "c1", "read", "File not found: x", isError: true),
        ];

        // Act
        var result = TranscriptReplay.Replay(entries)[2].Contents.OfType<FunctionResultContent>().Single();

        // Assert
        result.Exception.Should().NotBeNull("Anthropic reports it as is_error");
    }

    [Fact]
    public void Replay_CallWithoutResultAndResultWithoutCall_AreRepaired()
    {
        // Arrange: c2 and c3 were never answered (the run was cut off); r9 answers nothing.
        TranscriptEntry[] entries =
        [
            Raw(1, "message", """{"type":"message","message":{"role":"user","content":"go"}}"""),
            Raw(2, "message", """{"type":"message","message":{"role":"assistant","content":[{"type":"toolCall","id":"c1","name":"ls","arguments":{}},{"type":"toolCall","id":"c2","name":"ls","arguments":{}}]}}"""),
            Raw(3, "message", """{"type":"message","message":{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"a.txt"}]}}"""),
            Raw(4, "message", """{"type":"message","message":{"role":"toolResult","toolCallId":"r9","content":[{"type":"text","text":"stray"}]}}"""),
            Raw(5, "message", """{"type":"message","message":{"role":"assistant","content":[{"type":"toolCall","id":"c3","name":"ls","arguments":{}}]}}"""),
            Raw(6, "message", """{"type":"message","message":{"role":"user","content":"next"}}"""),
        ];

        // Act
        var messages = TranscriptReplay.Replay(entries);

        // Assert: every call keeps a result (an error one when none was stored); the stray result is dropped.
        messages.Select(m => m.Role).Should().Equal(
            ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool, ChatRole.Assistant, ChatRole.Tool, ChatRole.User);
        messages.SelectMany(m => m.Contents.OfType<FunctionResultContent>()).Select(r => (r.CallId, r.Exception is not null))
            .Should().Equal(("c1", false), ("c2", true), ("c3", true));
    }

    private static TranscriptEntry Raw(long seq, string type, string payload) => new("s", seq, $"id{seq}", null, type, "2026-11-22T03:36:09.988Z", payload);
}

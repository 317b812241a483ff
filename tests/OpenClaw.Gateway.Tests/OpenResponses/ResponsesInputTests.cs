using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.OpenResponses;
using OpenClaw.Gateway.OpenResponses.Media;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>From <c>input</c> to the agent prompt (http-api.md §6.4) and the media the run may get (§6.5 steps 1–2).</summary>
public sealed class ResponsesInputTests
{
    [Fact]
    public void StringInput_IsTheMessageVerbatim()
    {
        var prompt = Build("\"  hello there  \"");

        prompt.Message.ToString().Should().Be("  hello there  ");
        prompt.SystemText.Should().BeNull();
    }

    [Fact]
    public void LoneFunctionCallOutput_IsTheToolLine()
    {
        Build("""[{"type":"function_call_output","call_id":"call_1","output":"Sunny, 70F."}]""").Message.ToString().Should().Be("Tool:call_1: Sunny, 70F.");
        Build("""[{"type":"function_call_output","call_id":"call_1","output":""}]""").Message.ToString().Should().Be("Tool:call_1: ");
    }

    [Fact]
    public void Conversation_GetsHistoryMarkers_AndReplayedCallsRenderAsToolCallLines()
    {
        var prompt = Build("""
            [{"type":"message","role":"system","content":"sys one"},
             {"role":"user","content":"weather?"},
             {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Taipei\"}"},
             {"type":"function_call","id":"fc_2","name":"other","arguments":"{}"},
             {"type":"reasoning","summary":"thinking"},
             {"type":"message","role":"developer","content":[{"type":"input_text","text":"dev two"}]},
             {"type":"function_call_output","call_id":"call_1","output":"  Sunny  "},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"dropped, after the current message"}]}]
            """);

        prompt.Message.ToString().Should().Be(
            "[Chat messages since your last reply - for context]\n" +
            "User: weather?\n" +
            "Assistant: tool_call id=call_1 name=get_weather arguments={\"city\":\"Taipei\"}\n" +
            "Assistant: tool_call id=fc_2 name=other arguments={}\n" +
            "\n[Current message - respond to this]\nTool:call_1:   Sunny  ");
        prompt.SystemText.Should().Be("sys one\n\ndev two");
    }

    [Fact]
    public void TextParts_AreJoinedWithNewlines_EmptyOnesSkipped_AndTrimmed()
    {
        Build("""[{"role":"user","content":[{"type":"input_text","text":"  a"},{"type":"input_text","text":""},{"type":"output_text","text":"b  "}]}]""")
            .Message.ToString().Should().Be("a\nb");
    }

    [Fact]
    public void ActiveUserMessageWithOnlyAnImage_GetsThePlaceholder_AndItsMedia()
    {
        var prompt = Build("""
            [{"role":"user","content":[{"type":"input_image","source":{"type":"url","url":"https://example.com/old.png"}}]},
             {"role":"assistant","content":"ok"},
             {"role":"user","content":[{"type":"input_image","source":{"type":"base64","media_type":"image/png","data":"AA=="}},{"type":"input_file","source":{"type":"url","url":"https://example.com/a.txt"}}]}]
            """);

        prompt.Message.ToString().Should().EndWith("[Current message - respond to this]\nUser: User sent image(s) with no text.");
        prompt.Message.ToString().Should().Contain("Assistant: ok", "the earlier image-only message has no text and is skipped");
        prompt.UrlSourceCount.Should().Be(2, "URL sources count in every message, fetched or not");
        prompt.ActiveMedia.Select(p => p.Kind).Should().Equal(ResponseMediaKind.Image, ResponseMediaKind.File);
    }

    [Fact]
    public void ActiveUserMessageWithOnlyAFile_GetsTheFilePlaceholder()
    {
        Build("""[{"role":"user","content":[{"type":"input_file","source":{"type":"base64","media_type":"text/plain","data":"aGk="}}]}]""")
            .Message.ToString().Should().Be("User sent file(s) with no text.");
    }

    [Fact]
    public void ToolResultAfterTheLastUserMessage_LeavesNoActiveMedia()
    {
        var prompt = Build("""
            [{"role":"user","content":[{"type":"input_text","text":"see"},{"type":"input_image","source":{"type":"base64","media_type":"image/png","data":"AA=="}}]},
             {"type":"function_call_output","call_id":"c","output":"done"}]
            """);

        prompt.ActiveMedia.Should().BeEmpty();
    }

    [Fact]
    public void OnlySystemMessages_LeaveAnEmptyMessage()
    {
        var prompt = Build("""[{"role":"system","content":"only"}]""");

        prompt.Message.IsEmpty.Should().BeTrue();
        prompt.SystemText.Should().Be("only");
    }

    private static ResponsesPrompt Build(string input)
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"input":{{input}}}""");
        var document = JsonDocument.Parse(bytes);
        return ResponsesInput.Build(document.RootElement.GetProperty("input"), bytes);
    }
}

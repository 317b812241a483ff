using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// <see cref="PromptFlattener"/> given the request body: message text that needs no unescaping is a slice of the body,
/// and every flattening case gives the same text with the body as without it.
/// </summary>
public sealed class PromptFlattenerTests
{
    private const string Image = """{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}""";

    public static TheoryData<string, string, string?> Cases => new()
    {
        {
            """[{"role":"system","content":"You are SYSMARK, a pirate."},{"role":"user","content":"first question"},{"role":"assistant","content":"first answer"},{"role":"user","content":"second question"}]""",
            "[Chat messages since your last reply - for context]\nUser: first question\nAssistant: first answer\n\n[Current message - respond to this]\nUser: second question",
            "You are SYSMARK, a pirate."
        },
        {
            """[{"role":"user","content":"weather in Paris?"},{"role":"assistant","content":"","tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"call_abc","content":"sunny, 21C"}]""",
            "[Chat messages since your last reply - for context]\nUser: weather in Paris?\nAssistant: tool_call id=call_abc name=get_weather arguments={\"city\":\"Paris\"}\n\n[Current message - respond to this]\nTool:call_abc: sunny, 21C",
            null
        },
        {
            """[{"role":"system","content":"SYS-ONE"},{"role":"developer","content":"DEV-TWO"},{"role":"system","content":"SYS-THREE"},{"role":"user","content":"hello"}]""",
            "hello",
            "SYS-ONE\n\nDEV-TWO\n\nSYS-THREE"
        },
        {
            $$"""[{"role":"user","content":[{"type":"text","text":"part one"},{{Image}},{"type":"input_text","text":"part two"}]}]""",
            "part one\npart two",
            null
        },
        { """[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]""", "q", null },
        {
            """[{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"noop","arguments":{}}}]},{"role":"tool","tool_call_id":"call_1","content":""}]""",
            "[Chat messages since your last reply - for context]\nUser: run it\nAssistant: tool_call id=call_1 name=noop arguments={}\n\n[Current message - respond to this]\nTool:call_1: ",
            null
        },
        { """[{"role":"function","name":"lookup","content":"42"}]""", "Tool:lookup: 42", null },
        { $$"""[{"role":"user","content":[{{Image}}]}]""", "User sent image(s) with no text.", null },
        { """[{"role":"user","content":"  \n padded \u00a0 "}]""", "padded", null },
        { """[{"role":"user","content":"line\none \"quoted\" \u00e9\ud83d\ude00"}]""", "line\none \"quoted\" é😀", null },
        { """[{"role":"user","content":[{"type":"text","text":"  a "},{"type":"text","text":""},{"type":"text","text":" b  "}]}]""", "a \n b", null },
        {
            """[{"role":"assistant","content":"only","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":{"x":[1,"é"]}}}]}]""",
            "Assistant: only\ntool_call id=c name=f arguments={\"x\":[1,\"é\"]}",
            null
        },
        { """[{"role":"user","content":"x\ud800y"},{"role":"tool","name":"n\udc00","content":"r"}]""", "[Chat messages since your last reply - for context]\nUser: x\uFFFDy\n\n[Current message - respond to this]\nTool:n\uFFFD: r", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flatten_WithTheBody_GivesTheSameTextAsWithout(string messages, string expected, string? system)
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes($$"""{"model":"openclaw","messages":{{messages}}}""");
        using var document = JsonDocument.Parse(body.AsMemory());
        var element = document.RootElement.GetProperty("messages");

        // Act
        var (sliced, slicedError) = PromptFlattener.Flatten(element, body);
        var (copied, copiedError) = PromptFlattener.Flatten(element);

        // Assert
        slicedError.Should().BeNull();
        copiedError.Should().BeNull();
        sliced!.Message.ToString().Should().Be(expected);
        copied!.Message.ToString().Should().Be(expected);
        sliced.ExtraSystemPrompt.Should().Be(system);
        copied.ExtraSystemPrompt.Should().Be(system);
    }

    [Fact]
    public void Flatten_SinglePlainUserMessage_IsASliceOfTheBody()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"héllo wörld 😀 no escapes"}]}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var (prompt, _) = PromptFlattener.Flatten(document.RootElement.GetProperty("messages"), body);

        // Assert
        prompt!.Message.ToString().Should().Be("héllo wörld 😀 no escapes");
        prompt.Message.Pieces.Should().ContainSingle();
        prompt.Message.Pieces[0].Span.Overlaps(body).Should().BeTrue("the text is not copied out of the body");
        MemoryMarshal.TryGetArray(prompt.Message.Pieces[0], out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(body);
        segment.Offset.Should().Be(Encoding.UTF8.GetByteCount("{\"messages\":[{\"role\":\"user\",\"content\":\""));
    }

    [Fact]
    public void Flatten_PaddedUserMessage_IsTheTrimmedSliceOfTheBody()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"   text\u3000 "}]}""".Replace("\\u3000", "\u3000", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var (prompt, _) = PromptFlattener.Flatten(document.RootElement.GetProperty("messages"), body);

        // Assert
        prompt!.Message.ToString().Should().Be("text");
        prompt.Message.Pieces.Should().ContainSingle().Which.Span.Overlaps(body).Should().BeTrue();
    }

    [Fact]
    public void Flatten_HistoryOfPlainMessages_PointsIntoTheBodyForEveryBody()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"first"},{"role":"assistant","content":"answer"},{"role":"user","content":"second"}]}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var (prompt, _) = PromptFlattener.Flatten(document.RootElement.GetProperty("messages"), body);

        // Assert
        var inBody = prompt!.Message.Pieces.Where(p => p.Span.Overlaps(body)).Select(p => Encoding.UTF8.GetString(p.Span));
        inBody.Should().Equal("first", "answer", "second");
    }

    [Fact]
    public void Flatten_EscapedUserMessage_IsUnescapedIntoNewBytes()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"tab\there \"q\" \u00e9 \ud83d\ude00 back\\slash"}]}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var (prompt, _) = PromptFlattener.Flatten(document.RootElement.GetProperty("messages"), body);

        // Assert
        prompt!.Message.ToString().Should().Be("tab\there \"q\" é 😀 back\\slash");
        prompt.Message.Pieces.Select(p => p.Span.Overlaps(body)).Should().OnlyContain(overlaps => !overlaps);
    }

    [Fact]
    public void Flatten_NoUserMessage_IsTheError()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"system","content":"s"},{"role":"user","content":"  "}]}""");
        using var document = JsonDocument.Parse(body.AsMemory());

        // Act
        var (prompt, error) = PromptFlattener.Flatten(document.RootElement.GetProperty("messages"), body);

        // Assert
        prompt.Should().BeNull();
        error.Should().Be(PromptFlattener.MissingUserMessage);
    }
}

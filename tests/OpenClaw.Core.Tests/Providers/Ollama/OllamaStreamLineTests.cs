using System.Text;
using System.Text.Json;
using OpenClaw.Core.Providers.Ollama;

namespace OpenClaw.Core.Tests.Providers.Ollama;

public sealed class OllamaStreamLineTests
{
    [Fact]
    public void Parse_ContentLine_ReadsContentAndIgnoresTheRest()
    {
        // Act
        var line = Parse("""{"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"The","images":null,"extra":{"a":[1,{"b":2}]}},"done":false}""");

        // Assert
        line.Content.Should().Be("The");
        line.Thinking.Should().BeNull();
        line.ToolCalls.Should().BeNull();
        line.Done.Should().BeFalse();
        line.ErrorMessage.Should().BeNull();
    }

    [Fact]
    public void Parse_DoneLine_ReadsReasonAndCounts()
    {
        // Act
        var line = Parse("""{"model":"m","message":{"role":"assistant","content":""},"done_reason":"length","done":true,"total_duration":4883583458,"prompt_eval_count":26,"eval_count":282,"eval_duration":4709213000}""");

        // Assert
        (line.Done, line.DoneReason, line.PromptEvalCount, line.EvalCount).Should().Be((true, "length", 26L, 282L));
    }

    [Fact]
    public void Parse_ToolCalls_KeepTheArgumentsTextAsSent()
    {
        // Act
        var line = Parse("""{"message":{"tool_calls":[{"function":{"name":"read","arguments":{ "path" : "a b.txt", "n": [1, 2] }}},{"function":{"arguments":"{\"q\":1}","name":"find"}},{"function":{"name":"noargs"}},{"function":{"name":"nullargs","arguments":null}},{"function":{"arguments":[1]}}]}}""");

        // Assert
        line.ToolCalls.Should().Equal(
            ("read", """{ "path" : "a b.txt", "n": [1, 2] }"""),
            ("find", """{"q":1}"""),
            ("noargs", "{}"),
            ("nullargs", "{}"),
            ("", "[1]"));
    }

    [Fact]
    public void Parse_Thinking_IsRead()
    {
        Parse("""{"message":{"role":"assistant","content":"","thinking":"hmm"}}""").Thinking.Should().Be("hmm");
    }

    [Theory]
    [InlineData("""{"error":"model 'x' not found"}""", "model 'x' not found", null)]
    [InlineData("""{"error":{"message":"boom","code":"oom"}}""", "boom", "oom")]
    [InlineData("""{"error":42}""", "upstream stream error", null)]
    public void Parse_ErrorLine_ReadsTheMessage(string json, string message, string? code)
    {
        // Act
        var line = Parse(json);

        // Assert
        (line.ErrorMessage, line.ErrorCode).Should().Be((message, code));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("""{"message":{"role":"assistant","cont""")]
    [InlineData("""{"done":true} trailing""")]
    [InlineData("""{"done":true}{"done":true}""")]
    public void Parse_NotOneJsonObject_Throws(string json)
    {
        // Act
        var act = () => Parse(json);

        // Assert
        act.Should().Throw<JsonException>();
    }

    private static OllamaStreamLine Parse(string json) => OllamaStreamLine.Parse(Encoding.UTF8.GetBytes(json));
}

using System.Text;
using System.Text.Json;
using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

public class OpenAiStreamChunkTests
{
    [Fact]
    public void Parse_ContentDelta_ReadsContent()
    {
        // Act
        var chunk = Parse("""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hello"},"finish_reason":null}],"usage":null}""");

        // Assert
        chunk.Content.Should().Be("hello");
        chunk.Reasoning.Should().BeNull();
        chunk.FinishReason.Should().BeNull();
        chunk.Usage.Should().BeNull();
        chunk.ErrorMessage.Should().BeNull();
    }

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public void Parse_ReasoningDelta_ReadsReasoning(string property)
    {
        // Act
        var chunk = Parse($$$"""{"choices":[{"delta":{"role":"assistant","{{{property}}}":"thinking…","content":null}}]}""");

        // Assert
        chunk.Reasoning.Should().Be("thinking…");
        chunk.Content.Should().BeNull();
    }

    [Fact]
    public void Parse_ReasoningThatIsNotAString_IsSkipped()
    {
        // Act
        var chunk = Parse("""{"choices":[{"delta":{"reasoning":{"effort":"low","summary":[1,2]},"content":"x"}}]}""");

        // Assert
        chunk.Reasoning.Should().BeNull();
        chunk.Content.Should().Be("x");
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("length")]
    [InlineData("tool_calls")]
    public void Parse_FinishChunk_ReadsFinishReason(string reason)
    {
        // Act
        var chunk = Parse($$$"""{"choices":[{"index":0,"delta":{},"finish_reason":"{{{reason}}}"}]}""");

        // Assert
        chunk.FinishReason.Should().Be(reason);
        chunk.Content.Should().BeNull();
    }

    [Fact]
    public void Parse_UsageChunkWithDetails_ReadsAllCounts()
    {
        // Act
        var chunk = Parse("""
            {"choices":[],"usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,
              "prompt_tokens_details":{"cached_tokens":30,"audio_tokens":0},
              "completion_tokens_details":{"reasoning_tokens":5,"accepted_prediction_tokens":0}}}
            """);

        // Assert
        chunk.Usage.Should().Be(new OpenAiUsage(100, 20, 120, 30, 5));
    }

    [Fact]
    public void Parse_UsageWithoutDetails_HasZeroCachedAndNoReasoning()
    {
        // Act
        var chunk = Parse("""{"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,"prompt_tokens_details":null}}""");

        // Assert
        chunk.Usage.Should().Be(new OpenAiUsage(7, 3, 10, 0, null));
    }

    [Fact]
    public void Parse_UsageNull_IsNoUsage()
    {
        // Act
        var chunk = Parse("""{"choices":[{"delta":{"content":"a"}}],"usage":null}""");

        // Assert
        chunk.Usage.Should().BeNull();
        chunk.Content.Should().Be("a");
    }

    [Fact]
    public void Parse_ErrorFrame_ReadsMessageAndCode()
    {
        // Act
        var chunk = Parse("""{"error":{"message":"upstream overloaded","type":"server_error","param":null,"code":"overloaded"}}""");

        // Assert
        chunk.ErrorMessage.Should().Be("upstream overloaded");
        chunk.ErrorCode.Should().Be("overloaded");
    }

    [Theory]
    [InlineData("""{"error":"plain failure"}""", "plain failure", null)]
    [InlineData("""{"error":{"message":"m","code":429}}""", "m", "429")]
    [InlineData("""{"error":null}""", null, null)]
    public void Parse_ErrorFrameVariants_AreRead(string json, string? message, string? code)
    {
        // Act
        var chunk = Parse(json);

        // Assert
        chunk.ErrorMessage.Should().Be(message);
        chunk.ErrorCode.Should().Be(code);
    }

    [Fact]
    public void Parse_SeveralChoices_OnlyFirstChoiceCounts()
    {
        // Act
        var chunk = Parse("""{"choices":[{"index":0,"delta":{"content":"first"}},{"index":1,"delta":{"content":"second"},"finish_reason":"stop"}]}""");

        // Assert
        chunk.Content.Should().Be("first");
        chunk.FinishReason.Should().BeNull();
    }

    [Fact]
    public void Parse_UnknownPropertiesAndToolCallDeltas_AreSkipped()
    {
        // Act
        var chunk = Parse("""
            {"system_fingerprint":"fp","x":{"deep":[{"a":1}]},"choices":[{"index":0,"logprobs":{"content":[]},
              "delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}],"content":"after"},"finish_reason":null}]}
            """);

        // Assert
        chunk.Content.Should().Be("after");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"choices":[{"delta":{"content":"x"}""")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("")]
    public void Parse_MalformedOrNonObject_ThrowsJsonException(string json)
    {
        // Act
        var act = () => Parse(json);

        // Assert
        act.Should().Throw<JsonException>();
    }

    private static OpenAiStreamChunk Parse(string json) => OpenAiStreamChunk.Parse(Encoding.UTF8.GetBytes(json));
}

using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>How the NDJSON stream becomes updates: text, reasoning, whole tool calls, usage and the finish.</summary>
public sealed class OllamaChatClientTests : OllamaTestBase
{
    [Fact]
    public async Task GetStreamingResponseAsync_EchoReply_StreamsTextUpdatesThenOneFinalUpdate()
    {
        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "what's my name?")]);

        // Assert
        updates.Where(u => u.Text.Length > 0).Select(u => u.Text).Should().Equal("echo: ", "what's ", "my ", "name?");
        updates.Should().OnlyContain(u => u.Role == ChatRole.Assistant && u.ModelId == Model);
        updates.Where(u => u.FinishReason is not null).Should().ContainSingle().Which.Should().BeSameAs(updates[^1]);
        updates[^1].FinishReason.Should().Be(ChatFinishReason.Stop);
        updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle();
        updates[^1].Contents.Should().ContainSingle().Which.Should().BeOfType<UsageContent>();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DoneLineCounts_AreTheUsage()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Text("hi") with { Usage = new FakeUsage(26, 259) });

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.CachedInputTokenCount)
            .Should().Be((26L, 259L, 285L, (long?)null));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DoneLineWithoutCounts_ReportsZeroUsage()
    {
        // Arrange: Ollama leaves prompt_eval_count out when the whole prompt came from its cache.
        Upstream.Enqueue(FakeOllamaResponse.Raw(
            """
            {"model":"m","message":{"role":"assistant","content":"ok"},"done":false}
            {"model":"m","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"eval_count":3}

            """));

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount).Should().Be((0L, 3L, 3L));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Thinking_BecomesReasoningContentBeforeTheText()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Text("42") with { Thinking = ["The user ", "wants a number."] });

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        var contents = updates.SelectMany(u => u.Contents).Where(c => c is not UsageContent).ToList();
        contents.Select(c => c switch
        {
            TextReasoningContent r => "thinking:" + r.Text,
            TextContent t => "text:" + t.Text,
            _ => c.GetType().Name,
        }).Should().Equal("thinking:The user ", "thinking:wants a number.", "text:42");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCalls_AreWholeCallsWithMintedIdsAndFinishToolCalls()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.ToolCall(
            new FakeOllamaToolCall("read", """{"path": "notes/a.txt", "limit": 20}"""),
            new FakeOllamaToolCall("ls", "{}")));

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => c.Name).Should().Equal("read", "ls");
        calls.Should().OnlyContain(c => System.Text.RegularExpressions.Regex.IsMatch(c.CallId, "^call_[0-9a-f]{24}$"));
        calls.Select(c => c.CallId).Should().OnlyHaveUniqueItems();
        ProviderToolCalls.RawArguments(calls[0]).Should().Be("""{"path": "notes/a.txt", "limit": 20}""");
        ((JsonElement)calls[0].Arguments!["path"]!).GetString().Should().Be("notes/a.txt");
        ((JsonElement)calls[0].Arguments!["limit"]!).GetInt32().Should().Be(20);
        calls[1].Arguments.Should().BeEmpty();
        calls.Should().OnlyContain(c => c.Exception == null);
        updates.Single(u => u.FinishReason is not null).FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallsOnSeparateLines_AreEachKept()
    {
        // Arrange: newer Ollama versions stream each parsed call on its own line, string arguments from some proxies.
        Upstream.Enqueue(FakeOllamaResponse.Raw(
            """
            {"message":{"role":"assistant","content":"","tool_calls":[{"id":"x","function":{"index":0,"name":"a","arguments":{"n":1}}}]},"done":false}
            {"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"b","arguments":"{\"n\":2}"}}]},"done":false}
            {"message":{"role":"assistant","content":""},"done_reason":"stop","done":true}

            """));

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => (c.Name, ProviderToolCalls.RawArguments(c))).Should().Equal(("a", """{"n":1}"""), ("b", """{"n":2}"""));
        updates[^1].FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallWithArgumentsLargerThanABufferSegment_KeepsThemExactly()
    {
        // Arrange: a line far longer than the pipe's segments, with multi-byte characters straddling them.
        var content = string.Concat(Enumerable.Repeat("héllo wörld 日本 ", 3000));
        var arguments = JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = "big.txt", ["content"] = content });
        Upstream.Enqueue(FakeOllamaResponse.ToolCall(new FakeOllamaToolCall("write", arguments)));

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single();
        ProviderToolCalls.RawArguments(call).Should().Be(arguments);
        ((JsonElement)call.Arguments!["content"]!).GetString().Should().Be(content);
    }

    [Theory]
    [InlineData("stop", "stop")]
    [InlineData("length", "length")]
    [InlineData("load", "stop")]
    [InlineData("unload", "stop")]
    public async Task GetStreamingResponseAsync_DoneReason_IsMapped(string doneReason, string expected)
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Text("x") with { DoneReason = doneReason });

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        updates.Single(u => u.FinishReason is not null).FinishReason!.Value.Value.Should().Be(expected);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CrLfBlankLinesAndAnUnterminatedLastLine_AreRead()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Raw(
            "{\"message\":{\"role\":\"assistant\",\"content\":\"a\"},\"done\":false}\r\n\r\n" +
            "  \n{\"message\":{\"role\":\"assistant\",\"content\":\"b\"},\"done\":false}\r\n" +
            "{\"message\":{\"role\":\"assistant\",\"content\":\"c\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":1,\"eval_count\":2}"));

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        updates.Select(u => u.Text).Where(t => t.Length > 0).Should().Equal("a", "b", "c");
        updates[^1].FinishReason.Should().Be(ChatFinishReason.Stop);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LinesAfterDone_AreIgnored()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Raw(
            "{\"message\":{\"content\":\"a\"},\"done\":false}\n{\"done\":true}\n{\"message\":{\"content\":\"late\"}}\nnot json\n"));

        // Act
        var updates = await DrainAsync(Client());

        // Assert
        string.Concat(updates.Select(u => u.Text)).Should().Be("a");
    }

    [Fact]
    public async Task GetResponseAsync_CollectsTheStreamIntoOneResponse()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Text("Hello ", "there") with { Usage = new FakeUsage(5, 2) });

        // Act
        var response = await Client().GetResponseAsync(Hi(), new ChatOptions { ModelId = Model });

        // Assert
        response.Text.Should().Be("Hello there");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.Usage!.TotalTokenCount.Should().Be(7);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoModelId_ThrowsBeforeCallingTheServer()
    {
        // Act
        var act = () => DrainAsync(Client(), Hi(), new ChatOptions());

        // Assert
        await act.Should().ThrowAsync<ArgumentException>();
        Upstream.Requests.Should().BeEmpty();
    }
}

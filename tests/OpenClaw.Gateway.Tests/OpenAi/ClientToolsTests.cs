using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>Client function tools on <c>/v1/chat/completions</c> (http-api.md §4.7, §4.11, §4.12 step 4).</summary>
public sealed class ClientToolsTests : IAsyncLifetime
{
    private const string Weather = """[{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";
    private const string TwoTools = """[{"type":"function","function":{"name":"get_weather"}},{"type":"function","function":{"name":"get_time"}}]""";

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData("\"tools\":[1],", "each tool must be an object")]
    [InlineData("\"tools\":[{\"type\":\"web_search\"}],", "only function tools are supported")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"name\":\"x\"}],", "tool.function is required")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{}}],", "tool.function.name is required")]
    [InlineData("\"tool_choice\":5,", "tool_choice must be a string or object")]
    [InlineData("\"tool_choice\":{\"type\":\"allowed_tools\"},", "tool_choice allowed_tools is not supported")]
    [InlineData("\"tool_choice\":{\"type\":\"function\"},", "tool_choice.function.name is required")]
    [InlineData("\"tools\":" + Weather + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"b\"}},", "tool_choice requested unknown tool: b")]
    [InlineData("\"tool_choice\":\"required\",", "tool_choice=required but no tools were provided")]
    public async Task InvalidToolsOrToolChoice_Is400_BeforeAnyRun(string extra, string reason)
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main", extra: extra));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"Invalid tools/tool_choice: {{{reason}}}","type":"invalid_request_error"}}""");
        _fixture.Upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task ModelCallsAClientTool_NonStreaming_IsToolCallsWithTheProvidersId_T39()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_abc", "get_weather", """{"city":"Paris"}"""));

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("weather in Paris?", "openclaw/main", extra: $"\"tools\":{Weather},"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await response.JsonAsync();
        json.GetProperty("choices")[0].GetRawText().Should().Be(
            """{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}""");
        var offered = _fixture.UpstreamBody(1).GetProperty("tools").EnumerateArray().Last();
        offered.GetRawText().Should().Be(
            """{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""",
            "client tools are offered as sent, after the agent's built-ins");
    }

    [Fact]
    public async Task ModelCallsAClientTool_Streaming_IsIdentityChunkArgumentChunksAndToolCallsFinish_T40()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_oslo", "get_weather", """{"city":"Oslo"}"""));

        // Act
        var frames = await (await _fixture.CreateClient().PostRawAsync(
            HttpTestExtensions.ChatBody("weather in Oslo?", "openclaw/main", stream: true, extra: $"\"tools\":{Weather},"))).SseDataAsync();

        // Assert
        var choices = frames.Take(frames.Count - 1).Select(f => JsonDocument.Parse(f).RootElement.GetProperty("choices")[0].GetRawText()).ToList();
        choices.Should().Equal(
            """{"index":0,"delta":{"role":"assistant"},"finish_reason":null}""",
            """{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_oslo","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}""",
            """{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":\"Oslo\"}"}}]},"finish_reason":null}""",
            """{"index":0,"delta":{},"finish_reason":"tool_calls"}""");
        frames[^1].Should().Be("[DONE]");
    }

    [Fact]
    public async Task ToolChoiceNone_OffersNoClientTools()
    {
        // Act
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main", extra: $"\"tools\":{Weather},\"tool_choice\":\"none\","));

        // Assert
        ToolNames(1).Should().NotContain("get_weather").And.Contain("read");
    }

    [Fact]
    public async Task NamedToolChoice_OffersOnlyThatTool_AndSaysSoInTheSystemPrompt()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "get_time", "{}"));

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody(
            "time?", "openclaw/main", extra: $"\"tools\":{TwoTools},\"tool_choice\":{{\"type\":\"function\",\"function\":{{\"name\":\"get_time\"}}}},"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ToolNames(1).Should().Contain("get_time").And.NotContain("get_weather");
        _fixture.UpstreamMessages(1)[0].Content.Should().Contain("You must call the get_time tool before responding.");
    }

    [Theory]
    [InlineData("\"required\"", "tool_choice=required was not satisfied by the agent response")]
    [InlineData("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}", "tool_choice required a get_weather tool call, but the agent did not produce one")]
    public async Task UnmetRequirement_Is502_T43(string toolChoice, string message)
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("just ", "text"));

        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main", extra: $"\"tools\":{TwoTools},\"tool_choice\":{toolChoice},"));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{message}}}","type":"api_error"}}""");
    }

    [Fact]
    public async Task UnmetRequirement_Streaming_HoldsTheTextBack_ThenOneErrorFrame()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("just ", "text"));

        var frames = await (await _fixture.CreateClient().PostRawAsync(
            HttpTestExtensions.ChatBody("hi", "openclaw/main", stream: true, extra: $"\"tools\":{TwoTools},\"tool_choice\":\"required\","))).SseDataAsync();

        frames.Should().HaveCount(3);
        frames[0].Should().Contain("\"role\":\"assistant\"");
        frames[1].Should().Be("""{"error":{"message":"tool_choice=required was not satisfied by the agent response","type":"api_error"}}""");
        frames[2].Should().Be("[DONE]");
    }

    [Fact]
    public async Task FollowUpWithTheToolResult_ContinuesTheSameSession_T41()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_abc", "get_weather", """{"city":"Paris"}"""), FakeUpstreamResponse.Text("Sunny in Paris."));
        var user = "\"user\":\"tool-user\",";
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("weather in Paris?", "openclaw/main", extra: $"\"tools\":{Weather},{user}"));
        var followUp = $$$"""
            {"model":"openclaw/main","user":"tool-user","tools":{{{Weather}}},"messages":[
              {"role":"user","content":"weather in Paris?"},
              {"role":"assistant","content":"","tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"call_abc","content":"sunny, 21C"}]}
            """;

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(followUp);

        // Assert
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("Sunny in Paris.");
        var messages = _fixture.UpstreamBody(2).GetProperty("messages");
        messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()).Should().Equal("system", "user", "assistant", "tool", "user");
        messages[3].GetProperty("content").GetString().Should().Be("Pending: this tool is executed by the client.");
        UpstreamFixture.WithoutEnvelope(messages[4].GetProperty("content").GetString()!).Should().Contain("Tool:call_abc: sunny, 21C");
    }

    [Fact]
    public async Task ClientToolNamedLikeABuiltIn_IsInvalidToolConfiguration()
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody(
            "hi", "openclaw/main", extra: "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"read\"}}],"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"invalid tool configuration","type":"invalid_request_error"}}""");
    }

    [Theory]
    [InlineData(0, new string[] { "" })]
    [InlineData(10, new[] { 10 })]
    [InlineData(256, new[] { 256 })]
    [InlineData(600, new[] { 256, 256, 88 })]
    public void ArgumentSlices_AreAtMost256Units(int length, object expected)
    {
        var slices = ChatCompletionStream.ArgumentSlices(new string('x', length)).ToList();

        if (expected is string[] empty)
        {
            slices.Should().Equal(empty);
        }
        else
        {
            slices.Select(s => s.Length).Should().Equal((int[])expected);
        }
    }

    private List<string?> ToolNames(int call) =>
        _fixture.UpstreamBody(call).GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();

    [Fact]
    public void ArgumentSlices_NeverSplitASurrogatePair()
    {
        // 255 ASCII characters, then an emoji (a surrogate pair) straddling the 256 boundary.
        var arguments = new string('x', 255) + "🦞" + "tail";

        var slices = ChatCompletionStream.ArgumentSlices(arguments).ToList();

        slices[0].Should().HaveLength(255);
        slices[1].Should().StartWith("🦞");
        string.Concat(slices).Should().Be(arguments);
    }
}

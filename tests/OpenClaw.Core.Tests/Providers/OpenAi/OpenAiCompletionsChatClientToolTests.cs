using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

public sealed class OpenAiCompletionsChatClientToolTests : IAsyncLifetime
{
    private static readonly JsonElement WeatherSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;

    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Tools_AreWrittenAfterSamplingAndBeforeMaxTokens()
    {
        // Arrange
        var options = Options(ChatToolMode.Auto);
        options.Temperature = 0.2f;
        options.MaxOutputTokens = 50;

        // Act
        await DrainAsync([new(ChatRole.User, "weather?")], options);

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        request.Json!.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(
            "model", "messages", "stream", "stream_options", "temperature", "tools", "tool_choice", "max_completion_tokens");
        request.Body.Should().Contain(
            """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],"tool_choice":"auto","max_completion_tokens":50}
            """);
    }

    [Theory]
    [InlineData("none", "\"none\"")]
    [InlineData("required", "\"required\"")]
    [InlineData("named", """{"type":"function","function":{"name":"get_weather"}}""")]
    public async Task GetStreamingResponseAsync_ToolModes_MapToToolChoice(string mode, string expected)
    {
        // Arrange
        ChatToolMode toolMode = mode switch
        {
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific("get_weather"),
        };

        // Act
        await DrainAsync([new(ChatRole.User, "weather?")], Options(toolMode));

        // Assert
        (await _upstream.WaitForRequestAsync(1)).Json!.RootElement.GetProperty("tool_choice").GetRawText().Should().Be(expected);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoTools_OmitsToolsAndToolChoice()
    {
        // Act
        await DrainAsync([new(ChatRole.User, "hi")], new ChatOptions { ModelId = "fake-model", ToolMode = ChatToolMode.Auto });

        // Assert
        var body = (await _upstream.WaitForRequestAsync(1)).Body;
        body.Should().NotContain("tools").And.NotContain("tool_choice");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolTurns_AreWrittenAsToolCallsAndToolMessages()
    {
        // Arrange
        var call = ProviderToolCalls.Create("call_1", "get_weather", """{"city":"Paris"}""");
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "weather in Paris and Rome?"),
            new(ChatRole.Assistant, [call, ProviderToolCalls.Create("call_2", "get_weather", """{"city":"Rome"}""")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny"), new FunctionResultContent("call_2", "rain")]),
            new(ChatRole.Assistant, [new TextContent("Checking again."), ProviderToolCalls.Create("call_3", "get_weather", "{}")]),
        ];

        // Act
        await DrainAsync(messages, Options(ChatToolMode.Auto));

        // Assert
        var body = (await _upstream.WaitForRequestAsync(1)).Body;
        body.Should().Contain(
            """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"sunny"},{"role":"tool","tool_call_id":"call_2","content":"rain"},{"role":"assistant","content":"Checking again.","tool_calls":[{"id":"call_3","type":"function","function":{"name":"get_weather","arguments":"{}"}}]}""");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamedToolCallDeltas_AreAssembledByIndex()
    {
        // Arrange: the fake splits each call's arguments into 8-character pieces.
        _upstream.Enqueue(FakeUpstreamResponse.ToolCall(
            new FakeToolCall("call_a", "get_weather", """{"city":"Paris","unit":"celsius"}"""),
            new FakeToolCall("call_b", "get_time", """{"zone":"Europe/Rome"}""")));

        // Act
        var updates = await DrainAsync([new(ChatRole.User, "weather?")], Options(ChatToolMode.Auto));

        // Assert
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => (c.CallId, c.Name, ProviderToolCalls.RawArguments(c))).Should().Equal(
            ("call_a", "get_weather", """{"city":"Paris","unit":"celsius"}"""),
            ("call_b", "get_time", """{"zone":"Europe/Rome"}"""));
        calls[0].Arguments!["city"].Should().BeOfType<JsonElement>().Which.GetString().Should().Be("Paris");
        updates.Single(u => u.FinishReason is not null).FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedArguments_KeepRawTextAndReportTheParseError()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_x", "get_weather", """{"city":"Par"""));

        // Act
        var updates = await DrainAsync([new(ChatRole.User, "weather?")], Options(ChatToolMode.Auto));

        // Assert
        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single();
        call.Arguments.Should().BeNull();
        call.Exception.Should().NotBeNull();
        ProviderToolCalls.RawArguments(call).Should().Be("""{"city":"Par""");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_WholeCallsWithObjectArgumentsAndStopFinish_AreToolCalls()
    {
        // Arrange: some OpenAI-compatible servers send complete calls without index, arguments as an object, and "stop".
        _upstream.Enqueue(FakeUpstreamResponse.Raw(
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"ls\",\"arguments\":{\"path\":\".\"}}},{\"id\":\"c2\",\"function\":{\"name\":\"read\",\"arguments\":\"{\\\"path\\\":\\\"a.txt\\\"}\"}}]}}]}\n\n" +
            "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
            "data: [DONE]\n\n"));

        // Act
        var updates = await DrainAsync([new(ChatRole.User, "list")], Options(ChatToolMode.Auto));

        // Assert
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => (c.CallId, c.Name, ProviderToolCalls.RawArguments(c))).Should().Equal(
            ("c1", "ls", """{"path":"."}"""),
            ("c2", "read", """{"path":"a.txt"}"""));
        updates.Single(u => u.FinishReason is not null).FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallWithoutId_GetsAMintedId()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Raw(
            "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"ls\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n" +
            "data: [DONE]\n\n"));

        // Act
        var updates = await DrainAsync([new(ChatRole.User, "list")], Options(ChatToolMode.Auto));

        // Assert
        updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Single().CallId.Should().MatchRegex("^call_[0-9a-f]{24}$");
    }

    private static ChatOptions Options(ChatToolMode mode) => new()
    {
        ModelId = "fake-model",
        Tools = [AIFunctionFactory.CreateDeclaration("get_weather", "Weather for a city", WeatherSchema)],
        ToolMode = mode,
    };

    private async Task<List<ChatResponseUpdate>> DrainAsync(List<ChatMessage> messages, ChatOptions options)
    {
        var client = new OpenAiCompletionsChatClient(
            _http, new OpenAiEndpoint("fake", _upstream.BaseUrl, "sk-test", new Dictionary<string, string>()), new ProviderTimeouts());
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        return updates;
    }
}

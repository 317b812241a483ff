using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;

namespace OpenClaw.Core.Tests.Providers.Anthropic;

public sealed class AnthropicMessagesChatClientTests : IAsyncLifetime
{
    private readonly HttpClient _http = ChatClientFactory.CreateHttpClient(new ProviderTimeouts());
    private FakeAnthropicUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeAnthropicUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolConversation_WritesTheMessagesBody()
    {
        // Arrange
        var options = new ChatOptions
        {
            ModelId = "claude-test",
            MaxOutputTokens = 50,
            Temperature = 0.2f,
            TopP = 0.9f,
            StopSequences = ["END"],
            Seed = 7,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.25f,
            Tools = [ReadTool()],
            ToolMode = ChatToolMode.Auto,
            AdditionalProperties = new() { [OpenAiRequestWriter.ResponseFormatKey] = JsonElement.Parse("""{"type":"json_object"}""") },
        };

        // Act
        await DrainAsync(Client(), ToolConversation(), options);

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/messages");
        JsonNode.DeepEquals(JsonNode.Parse(request.Body), JsonNode.Parse("""
            {"model":"claude-test","max_tokens":50,"system":"You are terse.\n\nBe kind.",
             "messages":[
               {"role":"user","content":[{"type":"text","text":"my name is Zed"},{"type":"text","text":"and I like tea"}]},
               {"role":"assistant","content":[{"type":"text","text":"Let me look."},
                 {"type":"tool_use","id":"toolu_1","name":"read","input":{"path":"a.txt"}},
                 {"type":"tool_use","id":"toolu_2","name":"read","input":{"path":"b.txt"}}]},
               {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"toolu_1","content":"A","is_error":false},
                 {"type":"tool_result","tool_use_id":"toolu_2","content":"no such file","is_error":true},
                 {"type":"text","text":"thanks"}]}],
             "stream":true,
             "tools":[{"name":"read","description":"Reads a file.","input_schema":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"],"additionalProperties":false}}],
             "tool_choice":{"type":"auto"},
             "temperature":0.2,"top_p":0.9,"stop_sequences":["END"]}
            """)).Should().BeTrue(request.Body);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MinimalOptions_SendsModelMaxTokensMessagesAndStreamOnly()
    {
        // Act
        await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "hello"), new ChatMessage(ChatRole.User, "bye")], new ChatOptions { ModelId = "claude-test", MaxOutputTokens = 64 });

        // Assert
        var body = (await _upstream.WaitForRequestAsync(1)).Body;
        JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse("""
            {"model":"claude-test","max_tokens":64,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"},{"role":"user","content":"bye"}],"stream":true}
            """)).Should().BeTrue(body);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_KeyVersionAndConfiguredHeaders_AreSentAndNoBearer()
    {
        // Arrange
        var headers = new Dictionary<string, string> { ["X-Title"] = "OpenClaw", ["anthropic-beta"] = "prompt-caching-2024-07-31" };

        // Act
        await DrainAsync(Client(apiKey: "sk-ant-test", headers: headers), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        request.Header("x-api-key").Should().Be("sk-ant-test");
        request.Header("anthropic-version").Should().Be("2023-06-01");
        request.Header("X-Title").Should().Be("OpenClaw");
        request.Header("anthropic-beta").Should().Be("prompt-caching-2024-07-31");
        request.Header("Authorization").Should().BeNull();
        request.Header("X-Stainless-Timeout").Should().BeNull();
        request.Header("Content-Type").Should().Be("application/json");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoApiKey_SendsNoKeyHeader()
    {
        // Act
        await DrainAsync(Client(apiKey: null), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        request.Header("x-api-key").Should().BeNull();
        request.Header("Authorization").Should().BeNull();
    }

    [Theory]
    [InlineData("auto", """{"type":"auto"}""")]
    [InlineData("none", """{"type":"none"}""")]
    [InlineData("any", """{"type":"any"}""")]
    [InlineData("read", """{"type":"tool","name":"read"}""")]
    public async Task GetStreamingResponseAsync_ToolMode_BecomesToolChoice(string mode, string expected)
    {
        // Arrange
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "any" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific(mode),
        };

        // Act
        await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10, Tools = [ReadTool()], ToolMode = toolMode });

        // Assert
        var body = JsonNode.Parse((await _upstream.WaitForRequestAsync(1)).Body)!;
        JsonNode.DeepEquals(body["tool_choice"], JsonNode.Parse(expected)).Should().BeTrue();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolModeWithoutTools_SendsNeitherToolsNorToolChoice()
    {
        // Act
        await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10, ToolMode = ChatToolMode.RequireAny });

        // Assert
        var body = JsonNode.Parse((await _upstream.WaitForRequestAsync(1)).Body)!.AsObject();
        body.ContainsKey("tools").Should().BeFalse();
        body.ContainsKey("tool_choice").Should().BeFalse();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EchoReply_StreamsTextUpdatesThenFinish()
    {
        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "what's my name?")], new ChatOptions { ModelId = "claude-test", MaxOutputTokens = 10 });

        // Assert
        updates.Where(u => u.Text.Length > 0).Select(u => u.Text).Should().Equal("echo: ", "what's ", "my ", "name?");
        updates.Should().OnlyContain(u => u.Role == ChatRole.Assistant && u.ModelId == "claude-test");
        updates.Where(u => u.FinishReason is not null).Select(u => u.FinishReason).Should().Equal(ChatFinishReason.Stop);
        updates[^1].FinishReason.Should().Be(ChatFinishReason.Stop, "the finish comes last, with the usage");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CacheUsage_CountsCacheReadsInInputAndCacheWritesApart()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["hi"], Usage = new FakeAnthropicUsage(100, 20, CacheReadInputTokens: 30, CacheCreationInputTokens: 5) });

        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle().Subject.Details;
        (usage.InputTokenCount, usage.CachedInputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount).Should().Be((130L, 30L, 20L, 155L));
        usage.AdditionalCounts.Should().Contain("cacheWrite", 5L);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MessageDeltaUsage_IsCumulativeAndMayUpdateInput()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.Raw(
            Sse("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":2,"cache_read_input_tokens":0,"output_tokens":1}}}""")
            + Sse("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""")
            + Sse("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}""")
            + Sse("content_block_stop", """{"type":"content_block_stop","index":0}""")
            + Sse("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}""")
            + Sse("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"cache_read_input_tokens":4,"output_tokens":7}}""")
            + Sse("message_stop", """{"type":"message_stop"}""")));

        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        (usage.InputTokenCount, usage.CachedInputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount).Should().Be((16L, 4L, 7L, 25L));
        usage.AdditionalCounts.Should().Contain("cacheWrite", 2L);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UnknownEventsAndDeltas_AreSkipped()
    {
        // Arrange: the API may add event and delta types; a client must pass over what it does not know.
        _upstream.Enqueue(FakeAnthropicResponse.Raw(
            Sse("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}""")
            + Sse("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""")
            + Sse("brand_new_event", """{"type":"brand_new_event","data":{"x":1}}""")
            + Sse("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"brand_new_delta","value":"?"}}""")
            + Sse("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}""")
            + Sse("content_block_stop", """{"type":"content_block_stop","index":0}""")
            + Sse("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}""")
            + Sse("message_stop", """{"type":"message_stop"}""")));

        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        string.Concat(updates.Select(u => u.Text)).Should().Be("ok");
        updates[^1].FinishReason.Should().Be(ChatFinishReason.Stop);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "stop")]
    [InlineData("pause_turn", "stop")]
    public async Task GetStreamingResponseAsync_StopReasons_AreMapped(string stopReason, string expected)
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["x"], StopReason = stopReason });

        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        updates.Single(u => u.FinishReason is not null).FinishReason!.Value.Value.Should().Be(expected);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolUseBlocks_AreReassembledIntoFunctionCalls()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse
        {
            Chunks = ["Reading."],
            ToolCalls =
            [
                new FakeToolCall("toolu_1", "read", """{"path":"/tmp/a.txt","lines":[1,2]}""") { ArgumentPieceLength = 4 },
                new FakeToolCall("toolu_2", "ls", "") { ArgumentPieceLength = 4 },
            ],
        });

        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10, Tools = [ReadTool()] });

        // Assert
        string.Concat(updates.Select(u => u.Text)).Should().Be("Reading.");
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => (c.CallId, c.Name)).Should().Equal(("toolu_1", "read"), ("toolu_2", "ls"));
        ProviderToolCalls.RawArguments(calls[0]).Should().Be("""{"path":"/tmp/a.txt","lines":[1,2]}""");
        calls[0].Arguments!["path"].Should().BeOfType<JsonElement>().Which.GetString().Should().Be("/tmp/a.txt");
        calls[0].Exception.Should().BeNull();
        ProviderToolCalls.RawArguments(calls[1]).Should().Be("{}", "a tool without input streams no JSON");
        updates.Single(u => u.FinishReason is not null).FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThinkingDeltas_BecomeReasoningContent()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Thinking = ["Let me ", "think."], Chunks = ["answer"] });

        // Act
        var updates = await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text).Should().Equal("Let me ", "think.");
        string.Concat(updates.Select(u => u.Text)).Should().Be("answer");
    }

    [Theory]
    [InlineData("minimal", 20_000, 1024)]
    [InlineData("low", 20_000, 4096)]
    [InlineData("medium", 20_000, 10_000)]
    [InlineData("high", 20_000, 16_000)]
    [InlineData("xhigh", 40_000, 32_000)]
    [InlineData("high", 5_000, 4_999)]
    public async Task GetStreamingResponseAsync_ThinkingLevel_SendsThinkingBudgetBelowMaxTokens(string level, int maxTokens, int budget)
    {
        // Act
        await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], Thinking(level, maxTokens));

        // Assert
        var body = JsonNode.Parse((await _upstream.WaitForRequestAsync(1)).Body)!;
        JsonNode.DeepEquals(body["thinking"], JsonNode.Parse($$"""{"type":"enabled","budget_tokens":{{budget}}}""")).Should().BeTrue(body.ToJsonString());
    }

    [Theory]
    [InlineData(null, 20_000)]
    [InlineData("off", 20_000)]
    [InlineData("high", 1_024)]
    public async Task GetStreamingResponseAsync_NoThinkingOrNoRoom_SendsNoThinking(string? level, int maxTokens)
    {
        // Act
        await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], Thinking(level, maxTokens));

        // Assert
        JsonNode.Parse((await _upstream.WaitForRequestAsync(1)).Body)!.AsObject().ContainsKey("thinking").Should().BeFalse();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThinkingOn_DropsTemperatureRaisesTopPAndRelaxesAForcedToolChoice()
    {
        // Arrange: the API refuses temperature, top_p < 0.95 and a forced tool choice together with thinking.
        var options = Thinking("low", 20_000);
        options.Temperature = 0.2f;
        options.TopP = 0.5f;
        options.Tools = [AIFunctionFactory.CreateDeclaration("ls", "List", JsonDocument.Parse("""{"type":"object"}""").RootElement)];
        options.ToolMode = ChatToolMode.RequireSpecific("ls");

        // Act
        await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], options);

        // Assert
        var body = JsonNode.Parse((await _upstream.WaitForRequestAsync(1)).Body)!.AsObject();
        body.ContainsKey("temperature").Should().BeFalse();
        body["top_p"]!.GetValue<double>().Should().BeApproximately(0.95, 1e-6);
        body["tool_choice"]!.ToJsonString().Should().Be("""{"type":"auto"}""");
        body["thinking"]!["budget_tokens"]!.GetValue<int>().Should().Be(4096);
    }

    private static ChatOptions Thinking(string? level, int maxTokens) => new()
    {
        ModelId = "m",
        MaxOutputTokens = maxTokens,
        AdditionalProperties = level is null ? null : new() { [ProviderThinking.Key] = level },
    };

    [Fact]
    public async Task GetResponseAsync_CollectsTheStreamIntoOneResponse()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["Hello ", "there"], Usage = new FakeAnthropicUsage(9, 2) });

        // Act
        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        response.Text.Should().Be("Hello there");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.Usage!.InputTokenCount.Should().Be(9);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoModelId_ThrowsBeforeAnyRequest()
    {
        // Act
        var act = () => DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions());

        // Assert
        await act.Should().ThrowAsync<ArgumentException>();
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public void ClientCache_SameEndpoint_ReusesOneSdkClient()
    {
        // Arrange
        var cache = new AnthropicClientCache(_http);
        var headers = new Dictionary<string, string> { ["X-A"] = "1" };

        // Act
        var first = cache.Get(new AnthropicEndpoint("a", _upstream.BaseUrl, "k", headers));
        var again = cache.Get(new AnthropicEndpoint("b", _upstream.BaseUrl, "k", new Dictionary<string, string>(headers)));
        var otherKey = cache.Get(new AnthropicEndpoint("a", _upstream.BaseUrl, "k2", headers));

        // Assert
        again.Should().BeSameAs(first);
        otherKey.Should().NotBeSameAs(first);
    }

    internal static string Sse(string name, string json) => $"event: {name}\ndata: {json}\n\n";

    private AnthropicMessagesChatClient Client(string? apiKey = "sk-ant-test", IReadOnlyDictionary<string, string>? headers = null) =>
        new(new AnthropicClientCache(_http).Get(new AnthropicEndpoint("fake", _upstream.BaseUrl, apiKey, headers ?? new Dictionary<string, string>())), new ProviderTimeouts());

    private static AIFunctionDeclaration ReadTool() => AIFunctionFactory.CreateDeclaration(
        "read",
        "Reads a file.",
        JsonElement.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"],"additionalProperties":false}"""));

    private static List<ChatMessage> ToolConversation() =>
    [
        new(ChatRole.System, "You are terse."),
        new(ChatRole.User, "my name is Zed"),
        new(ChatRole.User, "and I like tea"),
        new(ChatRole.System, "Be kind."),
        new(ChatRole.Assistant, [new TextContent("Let me look."), ProviderToolCalls.Create("toolu_1", "read", """{"path":"a.txt"}"""), ProviderToolCalls.Create("toolu_2", "read", """{"path":"b.txt"}""")]),
        new(ChatRole.Tool, [new FunctionResultContent("toolu_1", "A")]),
        new(ChatRole.Tool, [new FunctionResultContent("toolu_2", "no such file") { Exception = new FileNotFoundException("b.txt") }]),
        new(ChatRole.User, "thanks"),
    ];
}

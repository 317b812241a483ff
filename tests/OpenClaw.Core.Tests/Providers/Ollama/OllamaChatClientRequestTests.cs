using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Ollama;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>What the adapter puts on the wire for <c>POST /api/chat</c> (agent-runtime.md §5.3, §5.4).</summary>
public sealed class OllamaChatClientRequestTests : OllamaTestBase
{
    [Fact]
    public async Task GetStreamingResponseAsync_MinimalOptions_SendsModelMessagesAndStreamOnly()
    {
        // Act
        await DrainAsync(Client(), [new(ChatRole.System, "You are terse."), new(ChatRole.User, "what's my name?")]);

        // Assert
        var request = await Upstream.WaitForRequestAsync(1);
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/api/chat");
        request.Header("Content-Type").Should().Be("application/json");
        request.Body.Should().Be(
            """{"model":"fake-model","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"what's my name?"}],"stream":true}""");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SamplingOptions_GoUnderOptionsWithOllamaNamesAndPenaltiesAreDropped()
    {
        // Arrange
        var options = new ChatOptions
        {
            ModelId = Model,
            Temperature = 0.2f,
            TopP = 0.9f,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.25f,
            Seed = 7,
            StopSequences = ["END", "STOP"],
            MaxOutputTokens = 50,
        };

        // Act
        await DrainAsync(Client(), Hi(), options);

        // Assert
        var request = await Upstream.WaitForRequestAsync(1);
        request.Body.Should().EndWith(
            """
            "stream":true,"options":{"temperature":0.2,"top_p":0.9,"seed":7,"stop":["END","STOP"],"num_predict":50}}
            """);
        request.Body.Should().NotContain("penalty");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_OnlyMaxTokens_SendsOnlyNumPredict()
    {
        // Act
        await DrainAsync(Client(), Hi(), new ChatOptions { ModelId = Model, MaxOutputTokens = 8192, StopSequences = [] });

        // Assert
        (await Upstream.WaitForRequestAsync(1)).Body.Should().EndWith(
            """
            "stream":true,"options":{"num_predict":8192}}
            """);
    }

    [Theory]
    [InlineData("low", "\"stream\":true,\"think\":true,\"options\":{\"num_predict\":100}}")]
    [InlineData(null, "\"stream\":true,\"options\":{\"num_predict\":100}}")]
    public async Task GetStreamingResponseAsync_ThinkingLevel_TurnsThinkOn(string? level, string bodyEnd)
    {
        // Act
        await DrainAsync(Client(), Hi(), new ChatOptions
        {
            ModelId = Model,
            MaxOutputTokens = 100,
            AdditionalProperties = level is null ? null : new() { [ProviderThinking.Key] = level },
        });

        // Assert
        (await Upstream.WaitForRequestAsync(1)).Body.Should().EndWith(bodyEnd);
    }

    [Theory]
    [InlineData("""{"type":"json_object"}""", "\"stream\":true,\"format\":\"json\"}")]
    [InlineData(
        """{"type":"json_schema","json_schema":{"name":"person","schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}""",
        "\"stream\":true,\"format\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}")]
    [InlineData("""{"type":"text"}""", "\"stream\":true}")]
    public async Task GetStreamingResponseAsync_ResponseFormat_MapsToFormat(string responseFormat, string bodyEnd)
    {
        // Arrange
        var options = new ChatOptions
        {
            ModelId = Model,
            AdditionalProperties = new() { [OpenAiRequestWriter.ResponseFormatKey] = JsonDocument.Parse(responseFormat).RootElement },
        };

        // Act
        await DrainAsync(Client(), Hi(), options);

        // Assert
        var body = (await Upstream.WaitForRequestAsync(1)).Body;
        body.Should().EndWith(bodyEnd);
        body.Should().NotContain("response_format").And.NotContain("json_schema");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Tools_AreFunctionDeclarationsWithTheirSchema()
    {
        // Arrange
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""").RootElement;
        var options = new ChatOptions
        {
            ModelId = Model,
            Tools = [AIFunctionFactory.CreateDeclaration("read", "Read a file", schema), AIFunctionFactory.CreateDeclaration("ls", "", default)],
        };

        // Act
        await DrainAsync(Client(), Hi(), options);

        // Assert
        var body = (await Upstream.WaitForRequestAsync(1)).Body;
        body.Should().EndWith(
            """
            "stream":true,"tools":[{"type":"function","function":{"name":"read","description":"Read a file","parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}},{"type":"function","function":{"name":"ls","description":"","parameters":{"type":"object","properties":{}}}}]}
            """);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolTurns_SendObjectArgumentsAndResultsNamedByTheirCall()
    {
        // Arrange: one call with the model's raw text, one built from a dictionary, one with broken arguments.
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "look around"),
            new(ChatRole.Assistant,
            [
                new TextContent("Let me look."),
                ProviderToolCalls.Create("call_a", "read", """{"path": "a.txt"}"""),
                new FunctionCallContent("call_b", "ls", new Dictionary<string, object?> { ["limit"] = 5 }),
                ProviderToolCalls.Create("call_c", "read", "not json"),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_a", "alpha"), new FunctionResultContent("call_b", "a.txt\nb.txt")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_c", "Invalid arguments for read")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_unknown", "orphan")]),
        ];

        // Act
        await DrainAsync(Client(), messages);

        // Assert
        var body = (await Upstream.WaitForRequestAsync(1)).Body;
        body.Should().Be(
            """
            {"model":"fake-model","messages":[{"role":"user","content":"look around"},{"role":"assistant","content":"Let me look.","tool_calls":[{"function":{"name":"read","arguments":{"path":"a.txt"}}},{"function":{"name":"ls","arguments":{"limit":5}}},{"function":{"name":"read","arguments":{}}}]},{"role":"tool","content":"alpha","tool_name":"read"},{"role":"tool","content":"a.txt\nb.txt","tool_name":"ls"},{"role":"tool","content":"Invalid arguments for read","tool_name":"read"},{"role":"tool","content":"orphan"}],"stream":true}
            """);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AssistantToolCallWithoutText_SendsEmptyContent()
    {
        // Act
        await DrainAsync(Client(), [new(ChatRole.Assistant, [ProviderToolCalls.Create("call_1", "ls", "{}")])]);

        // Assert
        (await Upstream.WaitForRequestAsync(1)).Body.Should().Contain(
            """{"role":"assistant","content":"","tool_calls":[{"function":{"name":"ls","arguments":{}}}]}""");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ApiKeyAndHeaders_AreSent()
    {
        // Arrange
        var headers = new Dictionary<string, string> { ["X-Proxy-Tenant"] = "home", ["X-Trace"] = "t-1" };

        // Act
        await DrainAsync(Client(apiKey: "ollama-secret", headers: headers));

        // Assert
        var request = await Upstream.WaitForRequestAsync(1);
        request.Header("Authorization").Should().Be("Bearer ollama-secret");
        request.Header("X-Proxy-Tenant").Should().Be("home");
        request.Header("X-Trace").Should().Be("t-1");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetStreamingResponseAsync_NoApiKey_SendsNoAuthorizationHeader(string? apiKey)
    {
        // Act
        await DrainAsync(Client(apiKey: apiKey));

        // Assert
        (await Upstream.WaitForRequestAsync(1)).Header("Authorization").Should().BeNull();
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:11434/api/chat")]
    [InlineData("  ", "http://127.0.0.1:11434/api/chat")]
    [InlineData("http://gpu-box:11434", "http://gpu-box:11434/api/chat")]
    [InlineData("http://gpu-box:11434/", "http://gpu-box:11434/api/chat")]
    [InlineData("http://gpu-box:11434/v1", "http://gpu-box:11434/api/chat")]
    [InlineData("http://gpu-box:11434/v1/", "http://gpu-box:11434/api/chat")]
    [InlineData("https://proxy.example/ollama/V1", "https://proxy.example/ollama/api/chat")]
    [InlineData("https://proxy.example/v1beta", "https://proxy.example/v1beta/api/chat")]
    public void NativeBaseUrl_StripsAnOpenAiV1Suffix(string? configured, string chatUri)
    {
        // Act
        var endpoint = new OllamaEndpoint("ollama", OllamaEndpoint.NativeBaseUrl(configured), null, new Dictionary<string, string>());

        // Assert
        endpoint.ChatUri.AbsoluteUri.Should().Be(chatUri);
    }

    [Fact]
    public async Task ChatClientFactory_OllamaApiWithV1BaseUrl_CallsTheNativeApiWithTheProvidersKeyAndHeaders()
    {
        // Arrange
        using var factory = new ChatClientFactory(ProviderFaultCases.Relaxed);
        var model = new ResolvedModel
        {
            Ref = new ModelRef("ollama", "llama3.2"),
            Api = "ollama",
            Definition = new ModelDefinition { Id = "llama3.2" },
            BaseUrl = Upstream.BaseUrl.AbsoluteUri.TrimEnd('/') + "/v1/",
            ApiKey = "ollama-local",
            Headers = new Dictionary<string, string> { ["X-Custom"] = "yes" },
        };

        // Act
        var client = factory.Create(model);
        var updates = await DrainAsync(client, Hi(), new ChatOptions { ModelId = "llama3.2" });

        // Assert
        client.Should().BeOfType<OllamaChatClient>();
        var request = await Upstream.WaitForRequestAsync(1);
        request.Path.Should().Be(FakeOllamaUpstream.ChatApiPath);
        request.Model.Should().Be("llama3.2");
        request.Header("Authorization").Should().Be("Bearer ollama-local");
        request.Header("X-Custom").Should().Be("yes");
        string.Concat(updates.Select(u => u.Text)).Should().Be("echo: hi");
    }
}

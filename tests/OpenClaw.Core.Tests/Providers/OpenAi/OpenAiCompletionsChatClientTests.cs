using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

public sealed class OpenAiCompletionsChatClientTests : IAsyncLifetime
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AllOptions_WritesBodyKeysInReferenceOrder()
    {
        // Arrange
        var options = new ChatOptions
        {
            ModelId = "fake-model",
            Temperature = 0.2f,
            TopP = 0.9f,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.25f,
            Seed = 7,
            StopSequences = ["END"],
            MaxOutputTokens = 50,
            AdditionalProperties = new() { [OpenAiRequestWriter.ResponseFormatKey] = JsonDocument.Parse("""{"type":"json_object"}""").RootElement },
        };

        // Act
        await DrainAsync(Client(), Conversation(), options);

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        request.Path.Should().Be("/v1/chat/completions");
        request.Json!.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(
            "model", "messages", "stream", "stream_options", "temperature", "top_p", "frequency_penalty", "presence_penalty", "seed", "stop",
            "response_format", "max_completion_tokens");
        request.Body.Should().Contain(
            """"
            "stream":true,"stream_options":{"include_usage":true},"temperature":0.2,"top_p":0.9,"frequency_penalty":0.5,"presence_penalty":0.25,"seed":7,"stop":["END"],"response_format":{"type":"json_object"},"max_completion_tokens":50}
            """");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MinimalOptions_SendsModelMessagesAndStreamOnly()
    {
        // Act
        await DrainAsync(Client(), Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        request.Body.Should().Be(
            """{"model":"fake-model","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"[Sun 2026-11-22 03:19 UTC] my name is Zed"},{"role":"assistant","content":"echo: my name is Zed"},{"role":"user","content":"what's my name?"}],"stream":true,"stream_options":{"include_usage":true}}""");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ApiKeyAndHeaders_AreSent()
    {
        // Arrange
        var headers = new Dictionary<string, string> { ["X-Title"] = "OpenClaw", ["HTTP-Referer"] = "https://openclaw.ai" };

        // Act
        await DrainAsync(Client("sk-test-123", headers), Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        request.Header("Authorization").Should().Be("Bearer sk-test-123");
        request.Header("X-Title").Should().Be("OpenClaw");
        request.Header("HTTP-Referer").Should().Be("https://openclaw.ai");
        request.Header("Content-Type").Should().Be("application/json");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoApiKey_SendsNoAuthorizationHeader()
    {
        // Act
        await DrainAsync(Client(apiKey: null), Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        (await _upstream.WaitForRequestAsync(1)).Header("Authorization").Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EchoReply_StreamsTextUpdatesThenFinish()
    {
        // Act
        var updates = await DrainAsync(Client(), Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        updates.Where(u => u.Text.Length > 0).Select(u => u.Text).Should().Equal("echo: ", "what's ", "my ", "name?");
        updates.Should().OnlyContain(u => u.Role == ChatRole.Assistant && u.ModelId == "fake-model");
        updates.Where(u => u.FinishReason is not null).Select(u => u.FinishReason).Should().Equal(ChatFinishReason.Stop);
    }

    [Theory]
    [InlineData("length", "length")]
    [InlineData("tool_calls", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    public async Task GetStreamingResponseAsync_FinishReasons_AreMapped(string wire, string expected)
    {
        // Arrange
        _upstream.Enqueue(new FakeUpstreamResponse { Chunks = ["x"], FinishReason = wire });

        // Act
        var updates = await DrainAsync(Client(), Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        updates.Single(u => u.FinishReason is not null).FinishReason!.Value.Value.Should().Be(expected);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UsageChunk_IsMappedToUsageContent()
    {
        // Arrange
        _upstream.Enqueue(new FakeUpstreamResponse { Chunks = ["hi"], Usage = new FakeUsage(100, 20, CachedPromptTokens: 30, ReasoningTokens: 5) });

        // Act
        var updates = await DrainAsync(Client(), Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        (usage.InputTokenCount, usage.CachedInputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.ReasoningTokenCount)
            .Should().Be((100L, 30L, 20L, 120L, 5L));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningDeltas_BecomeReasoningContent()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Raw(
            "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}\n\n" +
            "data: {\"choices\":[{\"delta\":{\"content\":\"answer\"},\"finish_reason\":\"stop\"}]}\n\n" +
            "data: [DONE]\n\n"));

        // Act
        var updates = await DrainAsync(Client(), Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text).Should().Equal("think");
        string.Concat(updates.Select(u => u.Text)).Should().Be("answer");
    }

    [Fact]
    public async Task GetResponseAsync_CollectsTheStreamIntoOneResponse()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text("Hello ", "there"));

        // Act
        var response = await Client().GetResponseAsync(Conversation(), new ChatOptions { ModelId = "fake-model" });

        // Assert
        response.Text.Should().Be("Hello there");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoModelId_Throws()
    {
        // Act
        var act = () => DrainAsync(Client(), Conversation(), new ChatOptions());

        // Assert
        await act.Should().ThrowAsync<ArgumentException>();
        _upstream.Requests.Should().BeEmpty();
    }

    private OpenAiCompletionsChatClient Client(string? apiKey = "sk-test", IReadOnlyDictionary<string, string>? headers = null) =>
        new(_http, new OpenAiEndpoint("fake", _upstream.BaseUrl, apiKey, headers ?? new Dictionary<string, string>()), new ProviderTimeouts());

    private static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You are terse."),
        new(ChatRole.User, "[Sun 2026-11-22 03:19 UTC] my name is Zed"),
        new(ChatRole.Assistant, "echo: my name is Zed"),
        new(ChatRole.User, "what's my name?"),
    ];

    private static async Task<List<ChatResponseUpdate>> DrainAsync(IChatClient client, List<ChatMessage> messages, ChatOptions options)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        return updates;
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Sdk;

/// <summary>The official OpenAI .NET SDK as a real client of the gateway.</summary>
public sealed class OpenAiDotnetSdkTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task CompleteChat_ReturnsTheAgentAnswerAndUsage()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "hello ", "sdk") with { Usage = new FakeUsage(120, 3) });
        var client = Client("openclaw/main");

        // Act
        ChatCompletion completion = await client.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("hello sdk")]);

        // Assert
        completion.Content.Single().Text.Should().Be("echo: hello sdk");
        completion.FinishReason.Should().Be(ChatFinishReason.Stop);
        completion.Role.Should().Be(ChatMessageRole.Assistant);
        completion.Model.Should().Be("openclaw/main");
        completion.Id.Should().StartWith("chatcmpl_");
        completion.Usage.InputTokenCount.Should().Be(120);
        completion.Usage.OutputTokenCount.Should().Be(3);
        completion.Usage.TotalTokenCount.Should().Be(123);
        _fixture.UpstreamMessages(1)[0].Content.Should().Contain("## Conversation Context\nBe brief.");
    }

    [Fact]
    public async Task CompleteChatStreaming_YieldsTheTextInOrder_WithUsageAtTheEnd()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "streamed ", "words") with { Usage = new FakeUsage(50, 4) });
        var client = Client("openclaw/main");
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;

        // Act
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("streamed words")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        // Assert
        text.ToString().Should().Be("echo: streamed words");
        finish.Should().Be(ChatFinishReason.Stop);
        usage!.InputTokenCount.Should().Be(50);
        usage.OutputTokenCount.Should().Be(4);
    }

    [Fact]
    public async Task InvalidModel_IsATypedBadRequest()
    {
        var client = Client("gpt-4o");

        var act = () => client.CompleteChatAsync([new UserChatMessage("x")]);

        var error = (await act.Should().ThrowAsync<ClientResultException>()).Which;
        error.Status.Should().Be(400);
        error.Message.Should().Contain("Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.");
    }

    [Fact]
    public async Task WrongKey_IsATypedUnauthorized()
    {
        var client = Client("openclaw/main", apiKey: "wrong");

        var act = () => client.CompleteChatAsync([new UserChatMessage("x")]);

        (await act.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(401);
    }

    [Fact]
    public async Task UpstreamRateLimit_IsATyped429()
    {
        _fixture.Upstream.Enqueue(Enumerable.Repeat(FakeUpstreamResponse.Error(429, """{"error":{"message":"slow down"}}"""), 3).ToArray());
        var client = Client("openclaw/main");

        var act = () => client.CompleteChatAsync([new UserChatMessage("x")], cancellationToken: CancellationToken.None);

        var error = (await act.Should().ThrowAsync<ClientResultException>()).Which;
        error.Status.Should().Be(429);
        error.Message.Should().Contain("429 slow down");
    }

    [Fact]
    public async Task StreamingFailure_EndsTheStreamWithoutAFinishReason()
    {
        // The .NET SDK skips the in-band {"error":…} frame (the Node SDK throws on it, see tests/node-sdk);
        // what a .NET caller observes is a stream that ends without a finish reason.
        _fixture.Upstream.Enqueue(Enumerable.Repeat(FakeUpstreamResponse.Error(500), 3).ToArray());
        var client = Client("openclaw/main");
        var finishReasons = new List<ChatFinishReason>();

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("x")]))
        {
            if (update.FinishReason is { } finish)
            {
                finishReasons.Add(finish);
            }
        }

        finishReasons.Should().BeEmpty();
    }

    [Fact]
    public async Task FunctionCalling_TwoStepConversation_NonStreaming()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_sdk", "get_weather", """{"city":"Paris"}"""), FakeUpstreamResponse.Text("Sunny ", "in Paris."));
        var client = Client("openclaw/main");
        var options = WeatherOptions("sdk-tools");
        List<ChatMessage> messages = [new UserChatMessage("weather in Paris?")];

        // Act
        ChatCompletion first = await client.CompleteChatAsync(messages, options);
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, "sunny, 21C"));
        ChatCompletion second = await client.CompleteChatAsync(messages, options);

        // Assert
        first.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        first.ToolCalls.Should().ContainSingle();
        (first.ToolCalls[0].Id, first.ToolCalls[0].FunctionName, first.ToolCalls[0].FunctionArguments.ToString())
            .Should().Be(("call_sdk", "get_weather", """{"city":"Paris"}"""));
        second.FinishReason.Should().Be(ChatFinishReason.Stop);
        second.Content.Single().Text.Should().Be("Sunny in Paris.");
        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(2)[^1].Content).Should().Contain("Tool:call_sdk: sunny, 21C");
    }

    [Fact]
    public async Task FunctionCalling_TwoStepConversation_Streaming()
    {
        // Arrange: long arguments, so the gateway sends them in several slices.
        var city = new string('x', 600);
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_stream", "get_weather", $$"""{"city":"{{city}}"}"""), FakeUpstreamResponse.Text("Done."));
        var client = Client("openclaw/main");
        var options = WeatherOptions("sdk-tools-stream");
        List<ChatMessage> messages = [new UserChatMessage("weather?")];
        string? id = null, name = null;
        var arguments = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;

        // Act
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                id ??= call.ToolCallId;
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(id!, name!, BinaryData.FromString(arguments.ToString()))]));
        messages.Add(new ToolChatMessage(id!, "cloudy"));
        var text = new System.Text.StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
        }

        // Assert
        (id, name, finish).Should().Be(("call_stream", "get_weather", ChatFinishReason.ToolCalls));
        arguments.ToString().Should().Be($$"""{"city":"{{city}}"}""");
        text.ToString().Should().Be("Done.");
    }

    private static ChatCompletionOptions WeatherOptions(string user) => new()
    {
        EndUserId = user,
        Tools =
        {
            ChatTool.CreateFunctionTool(
                "get_weather", "Weather for a city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")),
        },
    };

    private ChatClient Client(string model, string apiKey = TestConfigs.Token)
    {
        var http = _fixture.Gateway.CreateClient();
        return new ChatClient(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }
}

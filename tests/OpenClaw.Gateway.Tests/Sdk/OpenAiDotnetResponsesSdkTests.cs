// The Responses client of OpenAI 2.15.0 is marked [Experimental("OPENAI001")]; driving it is the point of these tests.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI.Responses;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Sdk;

/// <summary>The official OpenAI .NET SDK's <see cref="ResponsesClient"/> as a real client of <c>/v1/responses</c>.</summary>
public sealed class OpenAiDotnetResponsesSdkTests : IAsyncLifetime
{
    private const string Model = "openclaw/main";

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task CreateResponse_ReturnsTheAgentAnswerAndUsage()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "hello ", "responses") with { Usage = new FakeUsage(120, 3) });
        var client = Client(_fixture.Gateway.CreateClient());
        var options = new CreateResponseOptions(Model, [ResponseItem.CreateUserMessageItem("hello responses")]) { Instructions = "Be brief." };

        // Act
        ResponseResult response = await client.CreateResponseAsync(options);

        // Assert
        response.GetOutputText().Should().Be("echo: hello responses");
        response.Status.Should().Be(ResponseStatus.Completed);
        response.Id.Should().StartWith("resp_");
        response.Model.Should().Be(Model);
        var message = response.OutputItems.Should().ContainSingle().Which.Should().BeAssignableTo<MessageResponseItem>().Which;
        message.Role.Should().Be(MessageRole.Assistant);
        message.Id.Should().StartWith("msg_");
        response.Usage.InputTokenCount.Should().Be(120);
        response.Usage.OutputTokenCount.Should().Be(3);
        response.Usage.TotalTokenCount.Should().Be(123);
        _fixture.UpstreamMessages(1)[0].Content.Should().Contain("## Conversation Context\nBe brief.");
    }

    [Fact]
    public async Task CreateResponseStreaming_YieldsTheDeltasInOrder_AndTheCompletedResponse()
    {
        // Arrange
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "streamed ", "words") with { Usage = new FakeUsage(50, 4) });
        var client = Client(_fixture.Gateway.CreateClient());
        var deltas = new List<string>();
        ResponseResult? completed = null;

        // Act
        await foreach (var update in await client.CreateResponseStreamingAsync(Model, "streamed words"))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas.Add(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        // Assert
        string.Concat(deltas).Should().Be("echo: streamed words");
        deltas.Should().HaveCountGreaterThan(1, "the text arrives as it is produced");
        completed.Should().NotBeNull();
        completed!.Status.Should().Be(ResponseStatus.Completed);
        completed.GetOutputText().Should().Be("echo: streamed words");
        completed.Usage.InputTokenCount.Should().Be(50);
        completed.Usage.OutputTokenCount.Should().Be(4);
    }

    [Fact]
    public async Task FunctionTool_RoundTripWithPreviousResponseId_ContinuesTheSession()
    {
        // Arrange
        _fixture.Upstream.Enqueue(
            FakeUpstreamResponse.ToolCall("call_sdk", "get_weather", """{"city":"Paris"}"""), FakeUpstreamResponse.Text("Sunny ", "in Paris."));
        var client = Client(_fixture.Gateway.CreateClient());

        // Act: turn 1 asks (the model calls the client tool); turn 2 answers the call by previous_response_id.
        ResponseResult first = await client.CreateResponseAsync(WeatherOptions([ResponseItem.CreateUserMessageItem("weather in Paris?")]));
        var call = first.OutputItems.OfType<FunctionCallResponseItem>().Single();
        var followUp = WeatherOptions([ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny, 21C")]);
        followUp.PreviousResponseId = first.Id;
        ResponseResult second = await client.CreateResponseAsync(followUp);

        // Assert
        AssertRoundTrip(first, second, "call_sdk", "Sunny in Paris.");
        AssertUpstreamSawTheToolResultAndTheFirstTurn(_fixture.Upstream, "call_sdk");
    }

    [Fact]
    public async Task FunctionTool_RoundTripWithPreviousResponseId_Streaming()
    {
        // Arrange
        _fixture.Upstream.Enqueue(
            FakeUpstreamResponse.ToolCall("call_stream", "get_weather", """{"city":"Paris"}"""), FakeUpstreamResponse.Text("Still ", "sunny."));
        var client = Client(_fixture.Gateway.CreateClient());
        FunctionCallResponseItem? call = null;
        string? firstId = null;

        // Act
        await foreach (var update in await client.CreateResponseStreamingAsync(WeatherOptions([ResponseItem.CreateUserMessageItem("weather in Paris?")], stream: true)))
        {
            if (update is StreamingResponseOutputItemDoneUpdate { Item: FunctionCallResponseItem item })
            {
                call = item;
            }
            else if (update is StreamingResponseCompletedUpdate completed)
            {
                firstId = completed.Response.Id;
            }
        }

        var followUp = WeatherOptions([ResponseItem.CreateFunctionCallOutputItem(call!.CallId, "sunny, 21C")], stream: true);
        followUp.PreviousResponseId = firstId;
        var text = new StringBuilder();
        await foreach (var update in await client.CreateResponseStreamingAsync(followUp))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
        }

        // Assert
        (call.CallId, call.FunctionName, call.FunctionArguments.ToString()).Should().Be(("call_stream", "get_weather", """{"city":"Paris"}"""));
        firstId.Should().StartWith("resp_");
        text.ToString().Should().Be("Still sunny.");
        AssertUpstreamSawTheToolResultAndTheFirstTurn(_fixture.Upstream, "call_stream");
    }

    [Fact]
    public async Task FunctionTool_RoundTrip_SurvivesAGatewayRestartBetweenTheTurns()
    {
        // Arrange: one fake model for both gateway processes, which share one state dir.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_restart", "get_weather", """{"city":"Paris"}"""), FakeUpstreamResponse.Text("Sunny ", "after restart."));
        var config = TestConfigs.Upstream(upstream.BaseUrl);
        var stateDir = Directory.CreateTempSubdirectory("openclaw-kestrel-").FullName;
        try
        {
            // Act: turn 1 on the first gateway, which then stops; turn 2 on a new gateway started on the same state.
            ResponseResult first;
            await using (var before = await KestrelGateway.StartAsync(config, stateDir: stateDir))
            {
                first = await Client(before.CreateClient(token: null)).CreateResponseAsync(WeatherOptions([ResponseItem.CreateUserMessageItem("weather in Paris?")]));
            }

            await using var after = await KestrelGateway.StartAsync(config, stateDir: stateDir);
            var call = (FunctionCallResponseItem)first.OutputItems.Single();
            var followUp = WeatherOptions([ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny, 21C")]);
            followUp.PreviousResponseId = first.Id;
            ResponseResult second = await Client(after.CreateClient(token: null)).CreateResponseAsync(followUp);

            // Assert
            AssertRoundTrip(first, second, "call_restart", "Sunny after restart.");
            AssertUpstreamSawTheToolResultAndTheFirstTurn(upstream, "call_restart");
        }
        finally
        {
            GatewayFactory.TryDelete(stateDir);
        }
    }

    private static void AssertRoundTrip(ResponseResult first, ResponseResult second, string callId, string answer)
    {
        first.Status.Should().Be(ResponseStatus.Completed);
        var call = first.OutputItems.Should().ContainSingle().Which.Should().BeOfType<FunctionCallResponseItem>().Which;
        (call.CallId, call.FunctionName, call.FunctionArguments.ToString()).Should().Be((callId, "get_weather", """{"city":"Paris"}"""));
        call.Id.Should().StartWith("call_");
        second.Status.Should().Be(ResponseStatus.Completed);
        second.GetOutputText().Should().Be(answer);
        second.Id.Should().NotBe(first.Id);
    }

    /// <summary>
    /// The model's second call carried the first turn (the question and the model's own tool call, from the session
    /// transcript) and then the client's tool result as the current message.
    /// </summary>
    private static void AssertUpstreamSawTheToolResultAndTheFirstTurn(FakeOpenAiUpstream upstream, string callId)
    {
        upstream.ChatRequests.Should().HaveCount(2);
        var messages = upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().ToList();
        var question = messages.FindIndex(m => m.GetProperty("role").GetString() == "user"
            && UpstreamFixture.WithoutEnvelope(m.GetProperty("content").GetString()!) == "weather in Paris?");
        question.Should().BePositive("the first turn's question is in the continued session");
        var call = messages[question + 1];
        call.GetProperty("role").GetString().Should().Be("assistant");
        var toolCall = call.GetProperty("tool_calls").EnumerateArray().Should().ContainSingle().Subject;
        (toolCall.GetProperty("id").GetString(), toolCall.GetProperty("function").GetProperty("name").GetString()).Should().Be((callId, "get_weather"));
        var last = messages[^1];
        last.GetProperty("role").GetString().Should().Be("user");
        UpstreamFixture.WithoutEnvelope(last.GetProperty("content").GetString()!).Should().Be($"Tool:{callId}: sunny, 21C");
    }

    private static CreateResponseOptions WeatherOptions(IEnumerable<ResponseItem> input, bool stream = false)
    {
        var options = new CreateResponseOptions(Model, input) { StreamingEnabled = stream ? true : null };
        options.Tools.Add(ResponseTool.CreateFunctionTool(
            "get_weather",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
            strictModeEnabled: null, // the SDK's default: it sends "strict": null, accepted as absent ([extension])
            functionDescription: "Weather for a city"));
        return options;
    }

    private static ResponsesClient Client(HttpClient http) =>
        new(new ApiKeyCredential(TestConfigs.Token), new ResponsesClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
}

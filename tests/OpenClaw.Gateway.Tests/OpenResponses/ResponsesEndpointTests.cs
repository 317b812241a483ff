using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary><c>POST /v1/responses</c> end to end against a fake upstream (http-api.md §6.1, §6.11, §6.12, checklist 16–20, 23).</summary>
public sealed class ResponsesEndpointTests : IAsyncLifetime
{
    private const string Zeros = """{"input_tokens":0,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":0,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":0}""";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task NonStreaming_IsTheResponseObject_T69()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "hello responses") with { Usage = new FakeUsage(10, 6) });

        var response = await _fixture.CreateClient().PostResponseAsync("""{"model":"openclaw/main","input":"hello responses"}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ResponsesHttp.Masked(await response.Content.ReadAsStringAsync()).Should().Be(
            """{"id":"resp_<id>","object":"response","created_at":0,"status":"completed","model":"openclaw/main","output":[{"type":"message","id":"msg_<id>","role":"assistant","content":[{"type":"output_text","text":"echo: hello responses"}],"phase":"final_answer","status":"completed"}],"usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":0,"cache_write_tokens":0},"output_tokens":6,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":16}}""");
        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[^1].Content).Should().Be("hello responses");
    }

    [Fact]
    public async Task Streaming_IsTheEventSequence_WithOneCreatedAt_AndDoneLast_T70()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("Hel", "lo"));

        var response = await _fixture.CreateClient().PostResponseAsync("""{"model":"openclaw/main","input":"hi","stream":true}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var frames = await response.EventsAsync();
        frames.Types().Should().Equal(
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.delta", "response.output_text.done", "response.content_part.done",
            "response.output_item.done", "response.completed", "[DONE]");
        var data = frames.Take(frames.Count - 1).Select(f => ResponsesHttp.Masked(f.Data)).ToList();
        data[0].Should().Be("""{"type":"response.created","response":{"id":"resp_<id>","object":"response","created_at":0,"status":"in_progress","model":"openclaw/main","output":[],"usage":""" + Zeros + "}}");
        data[2].Should().Be("""{"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"msg_<id>","role":"assistant","content":[],"status":"in_progress"}}""");
        data[3].Should().Be("""{"type":"response.content_part.added","item_id":"msg_<id>","output_index":0,"content_index":0,"part":{"type":"output_text","text":""}}""");
        data[4].Should().Be("""{"type":"response.output_text.delta","item_id":"msg_<id>","output_index":0,"content_index":0,"delta":"Hel"}""");
        data[6].Should().Be("""{"type":"response.output_text.done","item_id":"msg_<id>","output_index":0,"content_index":0,"text":"Hello"}""");
        data[8].Should().Be("""{"type":"response.output_item.done","output_index":0,"item":{"type":"message","id":"msg_<id>","role":"assistant","content":[{"type":"output_text","text":"Hello"}],"phase":"final_answer","status":"completed"}}""");
        var completed = JsonDocument.Parse(frames[9].Data).RootElement.GetProperty("response");
        completed.GetProperty("status").GetString().Should().Be("completed");
        completed.GetProperty("output")[0].GetRawText().Should().Be(JsonDocument.Parse(frames[8].Data).RootElement.GetProperty("item").GetRawText());
        var createdAt = frames.Take(frames.Count - 1)
            .Select(f => JsonDocument.Parse(f.Data).RootElement)
            .Where(e => e.TryGetProperty("response", out _))
            .Select(e => e.GetProperty("response").GetProperty("created_at").GetInt64())
            .Distinct();
        createdAt.Should().ContainSingle();
    }

    [Theory]
    [InlineData("""{"model":"openclaw/main","input":""}""", "Missing user message in `input`.")]
    [InlineData("""{"model":"openclaw/main","input":[{"role":"system","content":"only"}]}""", "Missing user message in `input`.")]
    [InlineData("""{"model":"openclaw","input":"hi"}""", "Multiple agents are configured, but this operation has no explicit owner. Select an agent explicitly; CLI callers can pass --agent <id>, channels can add a binding, and ambient services can set their agentId target.")]
    [InlineData("""{"model":"gpt-4o","input":"hi"}""", "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.")]
    [InlineData("""{"model":"openclaw/main"}""", "input: Invalid input")]
    [InlineData("""{"model":"openclaw/main","input":"hi","tool_choice":"required"}""", "invalid tool configuration")]
    [InlineData("""{"model":"openclaw/main","input":"hi","tools":[{"type":"function","name":"a"}],"tool_choice":{"type":"function","name":"b"}}""", "invalid tool configuration")]
    [InlineData("""{"model":"openclaw/main","input":"hi","tools":[{"type":"function","name":"a"}],"tool_choice":{"type":"function","name":"  "}}""", "invalid tool configuration")]
    public async Task InvalidRequest_Is400Envelope_WithoutAnyRun(string body, string message)
    {
        var response = await _fixture.CreateClient().PostResponseAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be(JsonSerializer.Serialize(new { error = new { message, type = "invalid_request_error" } }, Relaxed));
        _fixture.Upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task ReservedSessionKey_IsRefusedAfterTheToolConfiguration()
    {
        var response = await _fixture.CreateClient().PostResponseAsync(
            """{"model":"openclaw/main","input":"hi","tool_choice":"required"}""", ("x-openclaw-session-key", "cron:abc"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("invalid tool configuration");
    }

    [Fact]
    public async Task ModelSyntax_IsCheckedBeforeTheAgentHeader()
    {
        var response = await _fixture.CreateClient().PostResponseAsync("""{"model":"gpt-4o","input":"hi"}""", ("x-openclaw-agent-id", "nope"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.");
    }

    [Fact]
    public async Task ReservedSessionKeyHeader_Is400()
    {
        var response = await _fixture.CreateClient().PostResponseAsync("""{"model":"openclaw/main","input":"hi"}""", ("x-openclaw-session-key", "cron:abc"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("`x-openclaw-session-key` cannot use reserved internal session namespaces.");
    }

    [Fact]
    public async Task Get_Is405BeforeAuth_AndNoToken_Is401_T72()
    {
        var client = _fixture.Gateway.CreateClient();

        var get = await client.GetAsync(new Uri(ResponsesHttp.Path, UriKind.Relative));
        var post = await client.PostRawAsync("""{"model":"openclaw/main","input":"hi"}""", ResponsesHttp.Path);

        get.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        get.Header("Allow").Should().Be("POST");
        post.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Disabled_Is404_AndModelsFollowTheOtherEndpoint()
    {
        await using var gateway = new GatewayFactory(TestConfigs.EchoOnly);
        var client = gateway.CreateAuthorizedClient();

        var response = await client.PostResponseAsync("""{"model":"openclaw","input":"hi"}""");
        var models = await client.GetAsync(new Uri("/v1/models", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        models.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OneAgent_ModelOpenclaw_RunsTheDefaultAgent()
    {
        await using var fixture = await UpstreamFixture.StartAsync(agents: "main");
        fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("ok"));

        var response = await fixture.CreateClient().PostResponseAsync("""{"model":"openclaw","input":"hi"}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("model").GetString().Should().Be("openclaw");
    }

    [Fact]
    public async Task UpstreamServerError_NonStreaming_Is502FailedObject()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500));

        var response = await _fixture.CreateClient().PostResponseAsync("""{"model":"openclaw/main","input":"hi"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        ResponsesHttp.Masked(await response.Content.ReadAsStringAsync()).Should().Be(
            """{"id":"resp_<id>","object":"response","created_at":0,"status":"failed","model":"openclaw/main","output":[],"usage":""" + Zeros + ""","error":{"code":"api_error","message":"upstream provider error"}}""");
    }

    [Fact]
    public async Task UpstreamServerError_Streaming_IsOneResponseFailed_ThenDone()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500));

        var frames = await (await _fixture.CreateClient().PostResponseAsync("""{"model":"openclaw/main","input":"hi","stream":true}""")).EventsAsync();

        frames.Types().Should().Equal("response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.failed", "[DONE]");
        var failed = JsonDocument.Parse(frames[4].Data).RootElement.GetProperty("response");
        failed.GetProperty("output").GetArrayLength().Should().Be(0);
        failed.GetProperty("error").GetRawText().Should().Be("""{"code":"api_error","message":"upstream provider error"}""");
    }

    [Fact]
    public async Task Prompt_InstructionsSystemTextsAndToolSentence_FormTheConversationContext_InThatOrder()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "get_weather", "{}"));

        var response = await _fixture.CreateClient().PostResponseAsync("""
            {"model":"openclaw/main","instructions":"Be brief.","input":[{"role":"developer","content":"Dev rule."},{"role":"user","content":"weather?"}],
             "tools":[{"type":"function","name":"get_weather"}],"tool_choice":{"type":"function","function":{"name":" get_weather "}}}
            """);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var system = _fixture.UpstreamMessages(1)[0].Content;
        system.Should().Contain("Be brief.\n\nDev rule.\n\nYou must call the get_weather tool before responding.");
        system.IndexOf("## Conversation Context", StringComparison.Ordinal).Should().BeLessThan(system.IndexOf("Be brief.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sampling_ReachesTheProvider()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("ok"));

        await _fixture.CreateClient().PostResponseAsync("""{"model":"openclaw/main","input":"hi","temperature":0.3,"top_p":0.9,"max_output_tokens":42}""");

        var body = _fixture.UpstreamBody(1);
        body.GetProperty("temperature").GetDouble().Should().Be(0.3);
        body.GetProperty("top_p").GetDouble().Should().Be(0.9);
        body.GetProperty("max_completion_tokens").GetInt32().Should().Be(42);
    }
}

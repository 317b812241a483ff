using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>Client function tools and <c>tool_choice</c> on <c>/v1/responses</c> (http-api.md §6.6, §6.11, §6.12; checklist 19).</summary>
public sealed class ResponsesToolCallTests : IAsyncLifetime
{
    private const string Weather = """[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}},{"type":"function","name":"get_time"}]""";

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task FlatTools_AreOfferedAsClientTools()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("ok"));

        await _fixture.CreateClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"hi","tools":{{Weather}}}""");

        var offered = _fixture.UpstreamBody(1).GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        offered.Should().EndWith(["get_weather", "get_time"]);
    }

    [Fact]
    public async Task Strict_IsKeptThroughANamedToolChoice()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "get_time", "{}"));

        await _fixture.CreateClient().PostResponseAsync(
            """{"model":"openclaw/main","input":"hi","tools":[{"type":"function","name":"get_time","strict":true,"parameters":{"type":"object"}}],"tool_choice":{"type":"function","name":"get_time"}}""");

        var offered = _fixture.UpstreamBody(1).GetProperty("tools").EnumerateArray().Last();
        offered.GetRawText().Should().Be("""{"type":"function","function":{"name":"get_time","parameters":{"type":"object"},"strict":true}}""");
    }

    [Fact]
    public async Task ToolChoiceNone_OffersNoClientTools()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("ok"));

        await _fixture.CreateClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"hi","tools":{{Weather}},"tool_choice":"none"}""");

        _fixture.UpstreamBody(1).GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString())
            .Should().NotContain(["get_weather", "get_time"]);
    }

    [Fact]
    public async Task NamedToolChoice_NarrowsToThatTool()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "get_time", "{}"));

        await _fixture.CreateClient().PostResponseAsync($$$"""{"model":"openclaw/main","input":"hi","tools":{{{Weather}}},"tool_choice":{"type":"function","name":"get_time"}}""");

        var names = _fixture.UpstreamBody(1).GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        names.Should().Contain("get_time").And.NotContain("get_weather");
    }

    [Fact]
    public async Task ClientCalls_NonStreaming_AreFunctionCallItemsInOrder_WithoutStatus_AndTheMessageOnlyWithText()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall(
            new FakeToolCall("call_1", "get_weather", """{"city":"Taipei"}"""), new FakeToolCall("call_2", "get_time", "{}")));

        var response = await _fixture.CreateClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"weather and time?","tools":{{Weather}}}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = ResponsesHttp.Masked(await response.Content.ReadAsStringAsync());
        body.Should().Contain(
            """
            "status":"completed","model":"openclaw/main","output":[{"type":"function_call","id":"call_<id>","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Taipei\"}"},{"type":"function_call","id":"call_<id>","call_id":"call_2","name":"get_time","arguments":"{}"}],"usage":
            """);
    }

    [Fact]
    public async Task ClientCall_WithText_KeepsTheMessageAsCommentary()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "get_weather", "{}") with { Chunks = ["Let me check that."] });

        var output = (await (await _fixture.CreateClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"weather?","tools":{{Weather}}}""")).JsonAsync()).GetProperty("output");

        output.GetArrayLength().Should().Be(2);
        ResponsesHttp.Masked(output[0].GetRawText()).Should().Be(
            """{"type":"message","id":"msg_<id>","role":"assistant","content":[{"type":"output_text","text":"Let me check that."}],"phase":"commentary","status":"completed"}""");
        output[1].GetProperty("type").GetString().Should().Be("function_call");
    }

    [Fact]
    public async Task ClientCalls_Streaming_AreItemsFromIndexOne_DoneWithStatusCompleted()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall(
            new FakeToolCall("call_1", "get_weather", """{"city":"Oslo"}"""), new FakeToolCall("call_2", "get_time", "{}")));

        var frames = await (await _fixture.CreateClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"hi","stream":true,"tools":{{Weather}}}""")).EventsAsync();

        frames.Types().Should().Equal(
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.output_item.added", "response.output_item.done", "response.output_item.added", "response.output_item.done",
            "response.completed", "[DONE]");
        ResponsesHttp.Masked(frames[6].Data).Should().Contain("\"content\":[{\"type\":\"output_text\",\"text\":\"\"}],\"phase\":\"commentary\"");
        ResponsesHttp.Masked(frames[7].Data).Should().Be(
            """{"type":"response.output_item.added","output_index":1,"item":{"type":"function_call","id":"call_<id>","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}""");
        ResponsesHttp.Masked(frames[8].Data).Should().Be(
            """{"type":"response.output_item.done","output_index":1,"item":{"type":"function_call","id":"call_<id>","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}","status":"completed"}}""");
        JsonDocument.Parse(frames[9].Data).RootElement.GetProperty("output_index").GetInt32().Should().Be(2);
        var completed = JsonDocument.Parse(frames[11].Data).RootElement.GetProperty("response").GetProperty("output");
        completed.GetArrayLength().Should().Be(3);
        completed[2].GetRawText().Should().Be(JsonDocument.Parse(frames[10].Data).RootElement.GetProperty("item").GetRawText());
    }

    [Fact]
    public async Task RequiredUnmet_NonStreaming_Is502FailedObject_WithTheRunsUsage()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("plain text despite required") with { Usage = new FakeUsage(7, 3) });

        var response = await _fixture.CreateClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"hi","tools":{{Weather}},"tool_choice":"required"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("plain text despite required");
        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("status").GetString().Should().Be("failed");
        json.GetProperty("error").GetRawText().Should().Be("""{"code":"api_error","message":"tool_choice=required was not satisfied by the agent response"}""");
        json.GetProperty("usage").GetProperty("total_tokens").GetInt64().Should().Be(10);
    }

    [Fact]
    public async Task NamedUnmet_Streaming_IsResponseFailed_WithNoTextAnywhere()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("plain text ", "despite required"));

        var response = await _fixture.CreateClient().PostResponseAsync($$$"""{"model":"openclaw/main","input":"hi","stream":true,"tools":{{{Weather}}},"tool_choice":{"type":"function","name":"get_weather"}}""");
        var text = await response.Content.ReadAsStringAsync();

        text.Should().NotContain("plain text").And.NotContain("despite required");
        var frames = ResponsesHttp.ParseEvents(text);
        frames.Types().Should().Equal("response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.failed", "[DONE]");
        JsonDocument.Parse(frames[4].Data).RootElement.GetProperty("response").GetProperty("error").GetProperty("message").GetString()
            .Should().Be("tool_choice required a get_weather tool call, but the agent did not produce one");
    }

    [Fact]
    public async Task RequiredMet_Streaming_WritesTheHeldTextAsOneDelta()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "get_weather", "{}") with { Chunks = ["Checking ", "now."] });

        var frames = await (await _fixture.CreateClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"hi","stream":true,"tools":{{Weather}},"tool_choice":"required"}""")).EventsAsync();

        var deltas = frames.Where(f => f.Event == "response.output_text.delta").Select(f => JsonDocument.Parse(f.Data).RootElement.GetProperty("delta").GetString()).ToList();
        deltas.Should().Equal("Checking now.");
        frames.Types().Should().Contain("response.completed");
    }

    [Fact]
    public async Task ClientToolNamedLikeABuiltIn_Is400FailedObject_NonStreaming_AndResponseFailed_Streaming()
    {
        const string clash = """
            "tools":[{"type":"function","name":"read"}]
            """;

        var plain = await _fixture.CreateClient().PostResponseAsync($$$"""{"model":"openclaw/main","input":"hi",{{{clash}}}}""");
        var stream = await (await _fixture.CreateClient().PostResponseAsync($$$"""{"model":"openclaw/main","input":"hi","stream":true,{{{clash}}}}""")).EventsAsync();

        plain.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await plain.JsonAsync();
        body.GetProperty("status").GetString().Should().Be("failed");
        body.GetProperty("error").GetRawText().Should().Be("""{"code":"invalid_request_error","message":"invalid tool configuration"}""");
        stream.Types().Should().Equal("response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.failed", "[DONE]");
        JsonDocument.Parse(stream[4].Data).RootElement.GetProperty("response").GetProperty("error").GetProperty("code").GetString().Should().Be("invalid_request_error");
        _fixture.Upstream.ChatRequests.Should().BeEmpty();
    }
}

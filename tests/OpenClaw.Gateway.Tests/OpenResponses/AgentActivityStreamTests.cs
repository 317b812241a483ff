using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>
/// <b>[extension]</b> The opt-in agent activity on streams (issue 13 item 4): <c>openclaw.*</c> events on Responses
/// streams, <c>delta.reasoning_content</c> on chat completion streams; nothing of it without the opt-in.
/// </summary>
public sealed class AgentActivityStreamTests : IAsyncLifetime
{
    private const string ReasoningThenAnswer =
        "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"Think \"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hard.\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Answer.\"},\"finish_reason\":\"stop\"}]}\n\n" +
        "data: [DONE]\n\n";

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task OptedIn_ResponsesStream_CarriesTheAgentsToolCallsAndResults()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "ls", "{}"), FakeUpstreamResponse.Text("Listed."));

        var frames = await (await _fixture.CreateClient().PostResponseAsync(
            """{"model":"openclaw/main","input":"list files","stream":true}""", ("x-openclaw-agent-activity", "1"))).EventsAsync();

        var types = frames.Types();
        types.Should().ContainInOrder("response.content_part.added", "openclaw.tool_call.started", "openclaw.tool_call.completed", "response.output_text.delta", "response.completed");
        var started = JsonDocument.Parse(frames[types.IndexOf("openclaw.tool_call.started")].Data).RootElement;
        var completed = JsonDocument.Parse(frames[types.IndexOf("openclaw.tool_call.completed")].Data).RootElement;
        var responseId = JsonDocument.Parse(frames[0].Data).RootElement.GetProperty("response").GetProperty("id").GetString();
        started.GetProperty("response_id").GetString().Should().Be(responseId);
        started.GetProperty("tool_call_id").GetString().Should().Be("c1");
        started.GetProperty("name").GetString().Should().Be("ls");
        started.GetProperty("arguments").GetString().Should().Be("{}");
        started.GetProperty("item_id").GetString().Should().StartWith("tc_").And.Be(completed.GetProperty("item_id").GetString());
        completed.GetProperty("is_error").GetBoolean().Should().BeFalse();
        completed.GetProperty("output").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task NotOptedIn_ResponsesStream_IsExactlyTheOriginalsEvents()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "ls", "{}"), FakeUpstreamResponse.Raw(ReasoningThenAnswer));

        var text = await (await _fixture.CreateClient().PostResponseAsync("""{"model":"openclaw/main","input":"list files","stream":true}""")).Content.ReadAsStringAsync();

        text.Should().NotContain("openclaw.");
        ResponsesHttp.ParseEvents(text).Types().Should().Equal(
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.completed", "[DONE]");
    }

    [Fact]
    public async Task OptedIn_ResponsesStream_CarriesReasoning_OneItemPerBlock()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Raw(ReasoningThenAnswer));

        var frames = await (await _fixture.CreateClient().PostResponseAsync(
            """{"model":"openclaw/main","input":"think","stream":true}""", ("x-openclaw-agent-activity", "true"))).EventsAsync();

        var reasoning = frames.Where(f => f.Event == "openclaw.reasoning.delta").Select(f => JsonDocument.Parse(f.Data).RootElement).ToList();
        reasoning.Select(r => r.GetProperty("delta").GetString()).Should().Equal("Think ", "hard.");
        reasoning.Select(r => r.GetProperty("item_id").GetString()).Distinct().Should().ContainSingle().Which.Should().StartWith("rs_");
        var completed = JsonDocument.Parse(frames.Single(f => f.Event == "response.completed").Data).RootElement;
        completed.GetProperty("response").GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Answer.");
    }

    [Fact]
    public async Task OptedIn_ChatStream_CarriesReasoningContent_AndNotWithout()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Raw(ReasoningThenAnswer), FakeUpstreamResponse.Raw(ReasoningThenAnswer));
        var client = _fixture.CreateClient();

        var withActivity = await (await client.PostRawAsync(HttpTestExtensions.ChatBody("think", "openclaw/main", stream: true), HttpTestExtensions.ChatPath, ("x-openclaw-agent-activity", "on"))).SseDataAsync();
        var without = await (await client.PostRawAsync(HttpTestExtensions.ChatBody("think", "openclaw/main", stream: true))).SseDataAsync();

        Deltas(withActivity).Should().ContainInOrder("""{"reasoning_content":"Think "}""", """{"reasoning_content":"hard."}""", """{"content":"Answer."}""");
        Deltas(without).Should().NotContain(d => d.Contains("reasoning_content", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostDefaultOn_AppliesWithoutTheHeader_AndTheHeaderCanTurnItOff()
    {
        await using var fixture = await UpstreamFixture.StartAsync(settings: new Dictionary<string, string?> { ["OpenClaw:Http:AgentActivity"] = "true" });
        fixture.Upstream.Enqueue(FakeUpstreamResponse.Raw(ReasoningThenAnswer), FakeUpstreamResponse.Raw(ReasoningThenAnswer));
        var client = fixture.CreateClient();

        var byDefault = await (await client.PostResponseAsync("""{"model":"openclaw/main","input":"think","stream":true}""")).Content.ReadAsStringAsync();
        var turnedOff = await (await client.PostResponseAsync("""{"model":"openclaw/main","input":"think","stream":true}""", ("x-openclaw-agent-activity", "0"))).Content.ReadAsStringAsync();

        byDefault.Should().Contain("event: openclaw.reasoning.delta");
        turnedOff.Should().NotContain("openclaw.");
    }

    private static List<string> Deltas(List<string> frames) => frames
        .Where(f => f != "[DONE]")
        .Select(f => JsonDocument.Parse(f).RootElement.GetProperty("choices"))
        .Where(c => c.GetArrayLength() > 0)
        .Select(c => c[0].GetProperty("delta").GetRawText())
        .ToList();
}

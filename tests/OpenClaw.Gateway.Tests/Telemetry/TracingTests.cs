using System.Diagnostics;
using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;
using OpenTelemetry.Trace;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary>
/// One trace per request: the client's <c>traceparent</c> is taken, the run hangs below the HTTP span, each model call
/// and tool call below the run, the provider's HTTP call below its model call, and the provider receives the trace.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly SpanRecorder _spans = new();
    private FakeOpenAiUpstream _upstream = null!;
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        // Spans are recorded only for an exporter the gateway knows of (OTLP) or when the sampler variable asks.
        _gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(_upstream.BaseUrl, agents: "main"),
            new Dictionary<string, string?> { ["OTEL_TRACES_SAMPLER"] = "always_on" },
            services: s => s.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task AStreamingRunWithAToolCall_IsOneTraceFromTheClientsTraceparentToTheProvider()
    {
        // Arrange
        var traceId = ActivityTraceId.CreateRandom();
        var clientSpan = ActivitySpanId.CreateRandom();
        _upstream.Enqueue(
            new FakeUpstreamResponse { Chunks = ["Looking."], ToolCalls = [new FakeToolCall("c1", "ls", "{}")] },
            FakeUpstreamResponse.Text("Two files."));

        // Act
        var response = await _gateway.PostAsOutsiderAsync(HttpTestExtensions.ChatBody("list", "openclaw/main", stream: true), ("traceparent", $"00-{traceId}-{clientSpan}-01"));
        var frames = await response.SseDataAsync();
        await Eventually.TrueAsync(() => Task.FromResult(_spans.OfTrace(traceId).Any(s => s.ParentSpanId == clientSpan)));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        frames[^1].Should().Be("[DONE]");
        var spans = _spans.OfTrace(traceId);
        var server = spans.Should().ContainSingle(s => s.ParentSpanId == clientSpan, "the client's traceparent is the request's parent").Subject;
        server.Kind.Should().Be(ActivityKind.Server);
        server.DisplayName.Should().Be("POST /v1/chat/completions");
        var run = spans.Should().ContainSingle(s => s.DisplayName == "invoke_agent main").Subject;
        run.ParentSpanId.Should().Be(server.SpanId);
        run.GetTagItem("gen_ai.operation.name").Should().Be("invoke_agent");
        run.GetTagItem("openclaw.run.outcome").Should().Be("completed");

        var calls = spans.Where(s => s.DisplayName == "chat mock-model").ToList();
        calls.Should().HaveCount(2).And.OnlyContain(c => c.ParentSpanId == run.SpanId && c.Kind == ActivityKind.Client);
        calls.Select(c => c.GetTagItem("gen_ai.provider.name")).Should().AllBeEquivalentTo("mock");
        var tool = spans.Should().ContainSingle(s => s.DisplayName == "execute_tool ls").Subject;
        tool.ParentSpanId.Should().Be(run.SpanId);
        tool.GetTagItem("gen_ai.tool.call.id").Should().Be("c1");
        spans.Should().ContainSingle(s => s.DisplayName == "persist_turn").Which.ParentSpanId.Should().Be(run.SpanId);

        var upstreamCalls = spans.Where(s => s.Source.Name == "System.Net.Http").ToList();
        upstreamCalls.Should().HaveCount(2).And.OnlyContain(h => calls.Any(c => c.SpanId == h.ParentSpanId), "each provider request hangs below its model call");
        _upstream.ChatRequests.Select(r => r.Header("traceparent")).Should().BeEquivalentTo(
            upstreamCalls.Select(h => $"00-{traceId}-{h.SpanId}-01"), "the provider's requests carry the trace");
    }

    [Fact]
    public async Task AWebSocketAgentRequest_IsTheRootOfItsRunsTrace()
    {
        // Arrange
        var runId = "trace-" + Guid.NewGuid().ToString("N");
        _upstream.Enqueue(FakeUpstreamResponse.Text("hi"));
        await using var client = await WebSockets.WsTestClient.ConnectedAsync(_gateway);

        // Act
        var id = await client.SendRequestAsync("agent", $$"""{"message":"hello","idempotencyKey":"{{runId}}","sessionKey":"traced"}""");
        await client.ResponseAsync(id);
        await client.ResponseAsync(id);
        await Eventually.TrueAsync(() => Task.FromResult(_spans.Any(s => Equals(s.GetTagItem("openclaw.run.id"), runId))));

        // Assert
        var run = _spans.Single(s => Equals(s.GetTagItem("openclaw.run.id"), runId));
        var spans = _spans.OfTrace(run.TraceId);
        var request = spans.Should().ContainSingle(s => s.SpanId == run.ParentSpanId).Subject;
        request.DisplayName.Should().Be("openclaw.ws.request");
        request.GetTagItem("rpc.method").Should().Be("agent");
        request.ParentSpanId.Should().Be(default(ActivitySpanId), "each control-plane request starts a trace");
        request.Links.Should().ContainSingle("it links to the connection's upgrade request");
        spans.Should().Contain(s => s.DisplayName == "chat mock-model" && s.ParentSpanId == run.SpanId);
    }

    [Fact]
    public async Task ARequestWithoutTraceparent_StartsATraceOfItsOwn()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text("hi"));

        // Act
        var response = await _gateway.PostAsOutsiderAsync(HttpTestExtensions.ChatBody("hello", "openclaw/main"));
        var traceparent = (await _upstream.WaitForRequestAsync(1)).Header("traceparent");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        traceparent.Should().MatchRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]$");
        var traceId = ActivityTraceId.CreateFromString(traceparent!.AsSpan(3, 32));
        await Eventually.TrueAsync(() => Task.FromResult(_spans.OfTrace(traceId).Any(s => s.DisplayName == "POST /v1/chat/completions")));
        var spans = _spans.OfTrace(traceId);
        var run = spans.Should().ContainSingle(s => s.DisplayName == "invoke_agent main").Subject;
        spans.Should().ContainSingle(s => s.SpanId == run.ParentSpanId).Which.GetTagItem("http.route").Should().Be("/v1/chat/completions");
    }
}

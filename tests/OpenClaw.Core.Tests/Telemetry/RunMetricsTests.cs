using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Telemetry;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Telemetry;

/// <summary>
/// The run metrics on a fake clock: the clock moves only while the model streams (2 s) and while a tool runs (3 s), so
/// the run's duration, its time to first token and the gateway's overhead (the rest: 0) are exact.
/// </summary>
public sealed class RunMetricsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public async Task ARunWithAToolCall_SplitsItsTimeBetweenProviderToolsAndOverhead()
    {
        // Arrange
        MetricCollector<long>? activeProbe = null;
        long? activeWhileRunning = null;
        var tool = new ScriptedTool("clock", (_, _, _) =>
        {
            _time.Advance(TimeSpan.FromSeconds(3));
            activeProbe!.RecordObservableInstruments();
            activeWhileRunning = activeProbe.LastMeasurement?.Value;
            return Task.FromResult(new ToolResult("tick"));
        });
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [tool], Time = _time, Metrics = new RunMetrics(_meters) });
        h.Upstream.Enqueue(
            FakeUpstreamResponse.ToolCall("c1", "clock", "{}") with { Usage = new FakeUsage(PromptTokens: 10, CompletionTokens: 2) },
            FakeUpstreamResponse.Text("done") with { Usage = new FakeUsage(PromptTokens: 12, CompletionTokens: 5, CachedPromptTokens: 4) });
        using var duration = Collect<double>("openclaw.run.duration");
        using var overhead = Collect<double>("openclaw.run.gateway_overhead");
        using var firstToken = Collect<double>("openclaw.run.time_to_first_token");
        using var toolDuration = Collect<double>("openclaw.tool.duration");
        using var calls = Collect<double>("gen_ai.client.operation.duration");
        using var tokens = Collect<long>("openclaw.tokens");
        using var finished = Collect<long>("openclaw.runs.finished");
        using var started = Collect<long>("openclaw.runs.started");
        using var persisted = Collect<long>("openclaw.turns.persisted");
        using var persistDuration = Collect<double>("openclaw.turn.persist.duration");
        using var callTokens = Collect<long>("gen_ai.client.token.usage");
        using var laneWait = Collect<double>("openclaw.run.lane_wait");
        using var active = Collect<long>("openclaw.runs.active");
        using var queued = Collect<long>("openclaw.runs.queued");
        activeProbe = active;

        // Act: the model's answer arrives over 2 s (the requester's sink moves the clock as the delta is delivered).
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("what time is it?", new AdvancingSink(_time, TimeSpan.FromSeconds(2))), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        duration.LastMeasurement!.Value.Should().Be(5);
        duration.LastMeasurement.Tags.Should().Contain(new KeyValuePair<string, object?>("openclaw.run.outcome", "completed"));
        overhead.LastMeasurement!.Value.Should().Be(0, "the clock moved only for the provider and the tool");
        firstToken.LastMeasurement!.Value.Should().Be(3, "the first delta came after the 3 s tool call");
        toolDuration.LastMeasurement!.Value.Should().Be(3);
        toolDuration.LastMeasurement.Tags.Should().Contain(new KeyValuePair<string, object?>("gen_ai.tool.name", "clock"));
        calls.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(0, 2);
        calls.LastMeasurement!.Tags.Should().Contain(new KeyValuePair<string, object?>("gen_ai.provider.name", "fake"))
            .And.Contain(new KeyValuePair<string, object?>("gen_ai.request.model", "fake-model"))
            .And.NotContainKey("error.type");
        TokensOf(tokens, "input").Should().Be(10 + 8, "cached input is counted apart");
        TokensOf(tokens, "cache_read").Should().Be(4);
        TokensOf(tokens, "output").Should().Be(2 + 5);
        started.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should().Contain(new KeyValuePair<string, object?>("gen_ai.agent.id", "main"));
        finished.GetMeasurementSnapshot().Should().ContainSingle();
        persisted.LastMeasurement!.Tags.Should().Contain(new KeyValuePair<string, object?>("openclaw.persist.outcome", "ok"));
        persistDuration.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(0, "the clock did not move while the turn was written");
        callTokens.GetMeasurementSnapshot().Select(m => (m.Tags["gen_ai.token.type"], m.Value)).Should().Equal(
            [("input", 10L), ("output", 2L), ("input", 12L), ("output", 5L)], "per call, input includes the cached input (GenAI semantic conventions)");
        laneWait.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(0);
        activeWhileRunning.Should().Be(1, "the run is in flight while its tool runs");
        active.RecordObservableInstruments();
        queued.RecordObservableInstruments();
        (active.LastMeasurement!.Value, queued.LastMeasurement!.Value).Should().Be((0L, 0L), "nothing is in flight once the run returned");
    }

    [Fact]
    public async Task ARunQueuedBehindItsSession_RecordsItsLaneWait_AndIsCountedAsQueuedMeanwhile()
    {
        // Arrange: the first run of session "s" holds its lane inside a tool call until the test lets it go.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = new ScriptedTool("hold", async (_, _, _) =>
        {
            entered.SetResult();
            await release.Task;
            return new ToolResult("released");
        });
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [hold], Time = _time, Metrics = new RunMetrics(_meters) });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "hold", "{}"), FakeUpstreamResponse.Text("first"), FakeUpstreamResponse.Text("second"));
        using var laneWait = Collect<double>("openclaw.run.lane_wait");
        using var queued = Collect<long>("openclaw.runs.queued");
        var first = h.Runner.RunAsync(AgentRunnerHarness.Request("one", sessionKey: "s"), CancellationToken.None);
        await entered.Task;

        // Act: the second run waits for the lane while 4 s pass.
        var second = h.Runner.RunAsync(AgentRunnerHarness.Request("two", sessionKey: "s"), CancellationToken.None);
        queued.RecordObservableInstruments();
        var queuedWhileHeld = queued.LastMeasurement!.Value;
        _time.Advance(TimeSpan.FromSeconds(4));
        release.SetResult();
        await Task.WhenAll(first, second);

        // Assert
        queuedWhileHeld.Should().Be(1);
        laneWait.GetMeasurementSnapshot().Select(m => m.Value).Should().Equal(0, 4);
        queued.RecordObservableInstruments();
        queued.LastMeasurement!.Value.Should().Be(0);
    }

    [Fact]
    public async Task AFailingModel_CountsItsRetriesAndTheRunAsAnError()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            Metrics = new RunMetrics(_meters),
            RetryPolicy = new OpenClaw.Core.Providers.ProviderRetryPolicy { MaxAttempts = 2, BaseDelay = TimeSpan.Zero },
        });
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500));
        using var retries = Collect<long>("openclaw.provider.retries");
        using var calls = Collect<double>("gen_ai.client.operation.duration");
        using var finished = Collect<long>("openclaw.runs.finished");
        using var overhead = Collect<double>("openclaw.run.gateway_overhead");

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hello"), CancellationToken.None);

        // Assert
        result.Error.Should().NotBeNull();
        retries.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should().Contain(new KeyValuePair<string, object?>("error.type", "server_error"));
        calls.GetMeasurementSnapshot().Should().HaveCount(2).And.OnlyContain(m => Equals(m.Tags["error.type"], "server_error"));
        finished.LastMeasurement!.Tags.Should().Contain(new KeyValuePair<string, object?>("openclaw.run.outcome", "error"));
        overhead.GetMeasurementSnapshot().Should().ContainSingle("a run that executed has an overhead, failed or not");
    }

    [Fact]
    public async Task AFailingPrimary_CountsTheFallback_AndItsOpenCircuitIsReported()
    {
        // Arrange: a breaker that opens at the first failure; the fallback answers.
        var circuits = new ProviderCircuits(new ProviderCircuitOptions { FailureThreshold = 1 }, TimeProvider.System);
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            Metrics = new RunMetrics(_meters, circuits),
            Circuits = circuits,
            Fallbacks = ["other/backup-model"],
            ExtraProvidersJson = """
                "other": { "baseUrl": "__UPSTREAM__", "apiKey": "sk-test", "api": "openai-completions",
                  "models": [{ "id": "backup-model", "name": "Backup", "reasoning": false, "input": ["text"], "contextWindow": 128000, "maxTokens": 4096 }] }
                """,
        });
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(502), FakeUpstreamResponse.Text("from the backup"));
        using var fallbacks = Collect<long>("openclaw.provider.fallbacks");
        using var circuitState = Collect<int>("openclaw.provider.circuit.state");

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hello"), CancellationToken.None);
        circuitState.RecordObservableInstruments();

        // Assert
        result.Error.Should().BeNull();
        result.Provider.Should().Be("other");
        var fallback = fallbacks.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        fallback.Tags.Should().Contain(new KeyValuePair<string, object?>("gen_ai.provider.name", "fake"))
            .And.Contain(new KeyValuePair<string, object?>("error.type", "server_error"));
        var states = circuitState.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["gen_ai.provider.name"]!, m => m.Value);
        states.Should().Equal(new Dictionary<string, int> { ["fake"] = 2, ["other"] = 0 }, "fake's circuit is open (2), other's closed (0)");
    }

    [Fact]
    public async Task AnUnknownAgent_IsCountedUnderOneLabel_NeverTheCallersId()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Metrics = new RunMetrics(_meters) });
        using var finished = Collect<long>("openclaw.runs.finished");

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi") with { AgentId = "no-such-agent-1234" }, CancellationToken.None);

        // Assert
        result.Error.Should().NotBeNull();
        finished.LastMeasurement!.Tags.Should().Contain(new KeyValuePair<string, object?>("gen_ai.agent.id", TelemetryTags.UnresolvedAgent))
            .And.Contain(new KeyValuePair<string, object?>("openclaw.run.outcome", "error"));
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(_meters, GatewayTelemetry.Name, instrument);

    private static long TokensOf(MetricCollector<long> tokens, string type) =>
        tokens.GetMeasurementSnapshot().Where(m => Equals(m.Tags["gen_ai.token.type"], type)).Sum(m => m.Value);

    /// <summary>Moves the clock while the model's deltas are delivered: time the run spends on the provider.</summary>
    private sealed class AdvancingSink(FakeTimeProvider time, TimeSpan perDelta) : IAgentEventSink
    {
        public void OnEvent(AgentEvent agentEvent)
        {
            if (agentEvent.Data is AssistantDelta)
            {
                time.Advance(perDelta);
            }
        }
    }
}

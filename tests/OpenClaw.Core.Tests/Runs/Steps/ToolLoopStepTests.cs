using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Runs.Invocation;
using OpenClaw.Core.Runs.Steps;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Telemetry;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Runs.Steps;

/// <summary>The tool loop alone, over a scripted model invoker.</summary>
public sealed class ToolLoopStepTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly EventRecorder _events = new();

    [Fact]
    public async Task ABuiltInToolCall_IsRun_AndItsResultGoesBackToTheModel_UntilItAnswers()
    {
        // Arrange
        var tool = ScriptedTool.Returning("lookup", "42");
        var run = Run(tool);
        var invoker = new ScriptedInvoker(Calls(ProviderToolCalls.Create("c1", "lookup", """{"path":"x"}""")), Answer("the answer is 42"));

        // Act
        var ended = await Step(invoker).ExecuteAsync(run, CancellationToken.None);

        // Assert
        ended.Should().BeNull("the turn persister ends the run");
        run.Outcome!.Text.Should().Be("the answer is 42");
        run.AnsweredBy!.Ref.ToString().Should().Be("fake/a");
        tool.Calls.Should().ContainSingle().Which.Arguments.GetProperty("path").GetString().Should().Be("x");
        invoker.Prompts[1].Should().Contain(m => m.Role == ChatRole.Tool && m.Contents.OfType<FunctionResultContent>().Single().Result!.ToString() == "42");
        run.LoopEntries.Select(e => e.Seq).Should().Equal(1L, 2L);
        _events.Events.Select(e => e.Data).OfType<ToolFinished>().Should().ContainSingle().Which.IsError.Should().BeFalse();
    }

    [Fact]
    public async Task ACallOfAClientTool_EndsTheLoop_WithTheCallPending()
    {
        // Arrange
        var parameters = System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement;
        var run = Run(clientTools: [new ClientTool("get_weather", null, parameters)]);
        var invoker = new ScriptedInvoker(Calls(ProviderToolCalls.Create("c9", "get_weather", """{"city":"Oslo"}""")), Answer("never asked"));

        // Act
        await Step(invoker).ExecuteAsync(run, CancellationToken.None);

        // Assert
        invoker.Prompts.Should().ContainSingle("the client runs the tool, not the gateway");
        run.Outcome!.StopReason.Should().Be("toolUse");
        run.PendingToolCalls.Should().Equal(new PendingToolCall("c9", "get_weather", """{"city":"Oslo"}"""));
    }

    [Fact]
    public async Task AToolCall_WaitsForTheTurnsStartWrite_ThenRuns()
    {
        // Arrange: the scripted model answers at once, so the step runs synchronously up to whatever it waits for.
        var tool = ScriptedTool.Returning("lookup", "42");
        var run = Run(tool);
        var started = new TaskCompletionSource();
        run.TurnStarted = started.Task;
        var invoker = new ScriptedInvoker(Calls(ProviderToolCalls.Create("c1", "lookup", "{}")), Answer("the answer is 42"));

        // Act
        var step = Step(invoker).ExecuteAsync(run, CancellationToken.None).AsTask();
        var ranBeforeTheStart = tool.Calls.Count;
        started.SetResult();
        await step;

        // Assert
        ranBeforeTheStart.Should().Be(0);
        tool.Calls.Should().ContainSingle();
        run.Outcome!.Text.Should().Be("the answer is 42");
    }

    [Fact]
    public async Task AToolCall_OfATurnWhoseStartWasRefused_IsNotRun_AndTheLoopEnds()
    {
        // Arrange
        var tool = ScriptedTool.Returning("lookup", "42");
        var run = Run(tool);
        run.TurnStarted = Task.FromException(new TranscriptConflictException("s1", 0, 1));
        var invoker = new ScriptedInvoker(Calls(ProviderToolCalls.Create("c1", "lookup", "{}")), Answer("never asked"));

        // Act
        var ended = await Step(invoker).ExecuteAsync(run, CancellationToken.None);

        // Assert: the turn persister reports the refusal.
        ended.Should().BeNull();
        tool.Calls.Should().BeEmpty();
        invoker.Prompts.Should().ContainSingle();
        run.Outcome!.Cancelled.Should().BeTrue();
        run.LoopEntries.Should().BeEmpty();
    }

    private ToolLoopStep Step(IModelInvoker invoker) => new(invoker, new RunEventPublisher(new InProcessRunEvents(), _time), _time, RunMetrics.Detached, NullLogger.Instance);

    private RunState Run(ScriptedTool? tool = null, IReadOnlyList<ClientTool>? clientTools = null)
    {
        var run = StepRuns.Create(new AgentRunRequest { RunId = "run-1", Message = "hi", Events = _events, ClientTools = clientTools ?? [] });
        run.Model = StepRuns.Model(run, "fake/a");
        run.BuiltIns = tool is null ? [] : [tool];
        run.SessionId = "s1";
        run.Session = new SessionEntry { SessionKey = run.SessionKey, AgentId = run.AgentId, SessionId = "s1" };
        run.Messages.Add(new ChatMessage(ChatRole.User, "hi"));
        return run;
    }

    private static ModelCallOutcome Answer(string text) => new(text, "stop", null, null, Cancelled: false, Emitted: true, []);

    private static ModelCallOutcome Calls(params FunctionCallContent[] calls) => new("", "toolUse", null, null, Cancelled: false, Emitted: false, calls);

    /// <summary>Answers each invocation with the next scripted outcome and keeps a copy of the prompt it was given.</summary>
    private sealed class ScriptedInvoker(params ModelCallOutcome[] outcomes) : IModelInvoker
    {
        public List<List<ChatMessage>> Prompts { get; } = [];

        public Task<(ModelCallOutcome Outcome, ResolvedModel Model)> InvokeAsync(
            RunState run, ResolvedModel primary, List<ChatMessage> messages, CancellationToken cancellationToken)
        {
            Prompts.Add([.. messages]);
            return Task.FromResult((outcomes[Prompts.Count - 1], primary));
        }
    }
}

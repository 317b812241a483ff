using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Runs.Steps;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs.Steps;

/// <summary>The steps between the loaded session and the tool loop, each alone: select model, build prompt.</summary>
public sealed class PromptStepsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly EventRecorder _events = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SelectModel_TakesTheRunsOverride()
    {
        // Arrange
        var run = Run(modelOverride: "fake/b");

        // Act
        var ended = await Step().ExecuteAsync(run, CancellationToken.None);

        // Assert
        ended.Should().BeNull();
        run.Model!.Ref.ToString().Should().Be("fake/b");
    }

    [Fact]
    public async Task SelectModel_AnOverrideThatDoesNotResolve_EndsTheRun_WithOneTerminalEvent()
    {
        // Arrange
        var run = Run(modelOverride: "nowhere/x");

        // Act
        var ended = await Step().ExecuteAsync(run, CancellationToken.None);

        // Assert
        ended!.Error!.Message.Should().Contain("nowhere", "an override the caller asked for is not replaced by a fallback");
        run.Model.Should().BeNull();
        _events.Events.Should().ContainSingle().Which.Data.Should().BeOfType<LifecycleFailed>();
    }

    [Fact]
    public async Task BuildPrompt_SendsTheSystemPrompt_TheHistory_ThenTheUsersTurn_WithoutImagesForATextOnlyModel()
    {
        // Arrange
        var run = Run(images: [new RunImage("image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47 })]);
        run.Model = StepRuns.Model(run, "fake/a");
        run.WorkspaceDir = _temp.Combine("workspace");
        run.Now = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        run.History =
        [
            TranscriptFormat.UserMessage("s1", 1, "e1", null, 0, "earlier"),
            TranscriptFormat.AssistantMessage("s1", 2, "e2", "e1", 0, "noted", "openai-completions", "fake", "a", RunUsage.Zero, "stop", null),
        ];

        // Act
        await new BuildPromptStep(new TestToolCatalog(), new WorkspaceManager(), NullLogger.Instance).ExecuteAsync(run, CancellationToken.None);

        // Assert
        run.Messages.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User);
        run.Messages[0].Text.Should().Contain("fake/a", "the prompt names the model it talks to");
        run.Messages[2].Text.Should().Be("noted");
        run.Messages[3].Contents.Should().ContainSingle("a text-only model never sees the turn's images");
        run.UserText!.ToString().Should().EndWith("hello");
    }

    [Fact]
    public async Task BuildPrompt_HistoryOverTheContextWindow_LeavesOutTheOldestTurns_AndLogsCountsNotContent()
    {
        // Arrange: three turns of 40 000 characters (10 000 tokens) each; a 25 000-token window, 2 000 of it reserved
        var config = StepRuns.Config.Replace("userTimezone: \"UTC\"", "userTimezone: \"UTC\", compaction: { reserveTokens: 2000 }", StringComparison.Ordinal);
        var run = StepRuns.Create(new AgentRunRequest { RunId = "run-1", Message = "hello", Events = _events }, config, _temp.Combine("workspace"));
        var model = StepRuns.Model(run, "fake/a");
        run.Model = model with { Definition = model.Definition with { ContextWindow = 25_000 } };
        run.WorkspaceDir = _temp.Combine("workspace");
        run.Now = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        run.History =
        [
            TranscriptFormat.UserMessage("s1", 1, "e1", null, 0, "first " + new string('x', 40_000)),
            TranscriptFormat.AssistantMessage("s1", 2, "e2", "e1", 0, "answer one", "openai-completions", "fake", "a", RunUsage.Zero, "stop", null),
            TranscriptFormat.UserMessage("s1", 3, "e3", "e2", 0, "second " + new string('x', 40_000)),
            TranscriptFormat.AssistantMessage("s1", 4, "e4", "e3", 0, "answer two", "openai-completions", "fake", "a", RunUsage.Zero, "stop", null),
            TranscriptFormat.UserMessage("s1", 5, "e5", "e4", 0, "third " + new string('x', 40_000)),
            TranscriptFormat.AssistantMessage("s1", 6, "e6", "e5", 0, "answer three", "openai-completions", "fake", "a", RunUsage.Zero, "stop", null),
        ];
        var logger = new RecordingLogger<BuildPromptStep>();

        // Act
        await new BuildPromptStep(new TestToolCatalog(), new WorkspaceManager(), logger).ExecuteAsync(run, CancellationToken.None);

        // Assert
        run.Messages.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User);
        run.Messages[1].Text.Should().StartWith("second ");
        run.Messages[^2].Text.Should().Be("answer three");
        PromptTexts.StringOf(run.Messages[^1]).Should().EndWith("hello");
        run.History.Should().HaveCount(6, "the transcript is not touched");
        var line = logger.Messages.Should().ContainSingle().Subject;
        line.Should().Contain("1 oldest turn(s)").And.Contain("2 messages").And.Contain("window of 25000 tokens with 2000 reserved");
        line.Should().NotContain("first").And.NotContain("answer one", "a log line carries counts, never content");
    }

    private SelectModelStep Step() => new(new DictionaryEnvironment(), new RunEventPublisher(new InProcessRunEvents(), TimeProvider.System), NullLogger.Instance);

    private RunState Run(string? modelOverride = null, IReadOnlyList<RunImage>? images = null) => StepRuns.Create(
        new AgentRunRequest { RunId = "run-1", Message = "hello", ModelOverride = modelOverride, Images = images ?? [], Events = _events },
        workspace: _temp.Combine("workspace"));
}

using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>The run's thinking level reaches a reasoning model as <c>reasoning_effort</c> (agent-runtime.md §5.3).</summary>
public class AgentRunnerThinkingTests
{
    [Theory]
    [InlineData(true, "low", null, "low")]
    [InlineData(true, "off", "minimal", "minimal")]
    [InlineData(true, "off", "xhigh", "high")]
    [InlineData(true, "high", "off", null)]
    [InlineData(true, "off", null, null)]
    [InlineData(false, "high", "high", null)]
    public async Task RunAsync_ThinkingLevel_IsSentOnlyToReasoningModels(bool reasoning, string thinkingDefault, string? runThinking, string? effort)
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { ModelReasoning = reasoning, ThinkingDefault = thinkingDefault });

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("think") with { Thinking = runThinking }, CancellationToken.None);

        // Assert
        var body = (await h.Upstream.WaitForRequestAsync(1)).Json!.RootElement;
        if (effort is null)
        {
            body.TryGetProperty("reasoning_effort", out _).Should().BeFalse();
        }
        else
        {
            body.GetProperty("reasoning_effort").GetString().Should().Be(effort);
        }
    }
}

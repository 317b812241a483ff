using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>A long session through the runner: the replayed history stays inside the model's context window.</summary>
public sealed class AgentRunnerHistoryWindowTests
{
    private const int ContextWindow = 2_000;

    [Fact]
    public async Task RunAsync_TranscriptLargerThanTheContextWindow_SendsTheNewestTurnsButNotTheOldest()
    {
        // Arrange: a 2 000-token window (1 000 kept for the answer: half the window, below the model's 4 096 cap);
        // eight turns of about 150 tokens each, more than the window holds
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { ContextWindow = ContextWindow });
        for (var i = 1; i <= 8; i++)
        {
            h.Upstream.Enqueue(FakeUpstreamResponse.Text($"answer {i}"));
            var turn = await h.Runner.RunAsync(AgentRunnerHarness.Request($"question {i} " + new string('q', 600), sessionKey: "long"), CancellationToken.None);
            turn.Error.Should().BeNull();
        }

        h.Upstream.Enqueue(FakeUpstreamResponse.Text("answer 9"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("question 9", sessionKey: "long"), CancellationToken.None);

        // Assert: while the history fit, it went whole
        result.Error.Should().BeNull();
        result.Payloads.Should().Equal("answer 9");
        var second = await h.UpstreamMessagesAsync(2);
        second.Select(m => m.Role).Should().Equal("system", "user", "assistant", "user");
        second[1].Content.Should().Contain("question 1 ");

        // Assert: the last request holds the newest turns, whole and in order, but not the oldest
        var last = await h.UpstreamMessagesAsync(9);
        last[0].Role.Should().Be("system");
        last[^1].Content.Should().EndWith("question 9");
        last[^2].Should().Be(("assistant", "answer 8"));
        last[^3].Content.Should().Contain("question 8 ");
        last.Skip(1).Select(m => m.Role).Should().Equal(Enumerable.Range(0, last.Count - 1).Select(i => i % 2 == 0 ? "user" : "assistant"));
        last.Should().NotContain(m => m.Content.Contains("question 1 ", StringComparison.Ordinal) || m.Content == "answer 1");
        var estimate = PromptEstimate.Tokens(last.Sum(m => (long)m.Content.Length));
        estimate.Should().BeLessThanOrEqualTo(ContextWindow - (ContextWindow / 2), "the prompt leaves the reserve free");
        var body = (await h.Upstream.WaitForRequestAsync(9)).Json!.RootElement;
        body.GetProperty("max_completion_tokens").GetInt32().Should().BeGreaterThanOrEqualTo(ContextWindow / 2);

        // Assert: the transcript keeps every turn
        var entries = await h.Store.ReadTranscriptAsync(result.SessionId!, CancellationToken.None);
        entries.Should().HaveCount(18);
        using var first = JsonDocument.Parse(entries[0].PayloadJson);
        first.RootElement.GetProperty("message").GetProperty("content").GetString().Should().Contain("question 1 ");
    }
}

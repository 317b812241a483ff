using OpenClaw.Core.Sessions;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary><c>sessions.reset</c>, <c>.delete</c> and <c>.patch</c> on the store, between and during turns (gateway-protocol.md §6.8).</summary>
public class SessionCommandsTests
{
    [Fact]
    public async Task Reset_StartsAnEmptyTranscript_KeepsKeyAndLabel_AndTheNextTurnUsesIt()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("remember 42", sessionKey: "chat") with { Label = "mine" }, CancellationToken.None);

        // Act
        var reset = await h.Commands.ResetAsync(first.SessionKey, "reset", CancellationToken.None);
        var next = await h.Runner.RunAsync(AgentRunnerHarness.Request("what was it?", sessionKey: "chat"), CancellationToken.None);

        // Assert
        reset!.SessionId.Should().NotBe(first.SessionId);
        (reset.Label, reset.InputTokens, reset.TotalTokens).Should().Be(("mine", 0, 0));
        (await h.Store.ReadTranscriptAsync(reset.SessionId, CancellationToken.None)).Should().HaveCount(2, "the reset transcript holds only the next turn");
        next.SessionId.Should().Be(reset.SessionId);
        (await h.UpstreamMessagesAsync(2)).Select(m => m.Role).Should().Equal("system", "user");
        (await h.Store.ReadTranscriptAsync(first.SessionId!, CancellationToken.None)).Should().HaveCount(2, "the old transcript is archived, not erased");
    }

    [Fact]
    public async Task Reset_UnknownKey_ReturnsNull()
    {
        await using var h = await AgentRunnerHarness.StartAsync();

        (await h.Commands.ResetAsync("agent:main:nope", "reset", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Reset_DuringARun_AbortsIt_AndWaitsForItsEnd()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        await h.Runner.RunAsync(AgentRunnerHarness.Request("first", sessionKey: "chat"), CancellationToken.None);
        h.Upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        var running = h.Runner.RunAsync(AgentRunnerHarness.Request("slow", sessionKey: "chat"), CancellationToken.None);
        while (h.Upstream.ChatRequests.Count < 2)
        {
            await Task.Delay(10);
        }

        // Act
        var reset = await h.Commands.ResetAsync("agent:main:chat", "reset", CancellationToken.None);

        // Assert
        var aborted = await running;
        aborted.Aborted.Should().BeTrue();
        reset!.SessionId.Should().NotBe(aborted.SessionId);
        h.Runner.ActiveRuns.Should().Be(0);
    }

    [Fact]
    public async Task Delete_RemovesTheRow_AndReturnsWhatWasDeleted()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var run = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi", sessionKey: "gone"), CancellationToken.None);

        // Act
        var deleted = await h.Commands.DeleteAsync(run.SessionKey, CancellationToken.None);
        var again = await h.Commands.DeleteAsync(run.SessionKey, CancellationToken.None);

        // Assert
        deleted!.SessionId.Should().Be(run.SessionId);
        again.Should().BeNull();
        (await h.Store.GetSessionAsync(run.SessionKey, CancellationToken.None)).Should().BeNull();
        (await h.Store.ListSessionsAsync(new SessionQuery(), CancellationToken.None)).Sessions.Should().BeEmpty();
    }

    [Fact]
    public async Task Patch_ChangesTheRow_AndCreatesAMissingSessionOnlyWhenAsked()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        var missing = await h.Commands.PatchAsync("agent:main:new", e => e with { Label = "x" }, CancellationToken.None);
        var created = await h.Commands.PatchAsync("agent:main:new", e => e with { ThinkingLevel = "high" }, CancellationToken.None, createForAgent: "main");
        var run = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi", sessionKey: "new"), CancellationToken.None);

        // Assert
        missing.Should().BeNull();
        created!.ThinkingLevel.Should().Be("high");
        run.SessionId.Should().Be(created.SessionId, "the created session is fresh and its transcript exists");
        (await h.Store.GetSessionAsync("agent:main:new", CancellationToken.None))!.ThinkingLevel.Should().Be("high");
    }

    [Theory]
    [InlineData("", "agent:main:main")]
    [InlineData("Main", "agent:main:main")]
    [InlineData("chat", "agent:main:chat")]
    [InlineData("agent:beta:x", "agent:beta:x")]
    public async Task Canonicalize_FollowsTheStoreKeyRules(string raw, string expected)
    {
        await using var h = await AgentRunnerHarness.StartAsync();

        h.Commands.Canonicalize(raw).Should().Be(expected);
    }

    [Fact]
    public async Task RunLevelsAndLabel_ArePersistedOnTheSession()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        var run = await h.Runner.RunAsync(
            AgentRunnerHarness.Request("hi", sessionKey: "levels") with { Thinking = "low", Verbose = "full", Label = "L" }, CancellationToken.None);

        // Assert
        var entry = await h.Store.GetSessionAsync(run.SessionKey, CancellationToken.None);
        (entry!.ThinkingLevel, entry.VerboseLevel, entry.Label).Should().Be(("low", "full", "L"));
    }
}

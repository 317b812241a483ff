using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Runs;

/// <summary><c>/new</c> and <c>/reset</c> start a new session on chat-style entry points (agent-runtime.md §6.3).</summary>
public class AgentRunnerResetTriggerTests
{
    [Fact]
    public async Task BareTrigger_StartsANewSession_AndAsksForAGreeting()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("remember 42", sessionKey: "chat"), CancellationToken.None);

        // Act
        var reset = await h.Runner.RunAsync(AgentRunnerHarness.Request("/new", sessionKey: "chat") with { HonourResetTriggers = true }, CancellationToken.None);

        // Assert
        reset.SessionId.Should().NotBe(first.SessionId);
        var messages = await h.UpstreamMessagesAsync(2);
        messages.Select(m => m.Role).Should().Equal("system", "user");
        messages[1].Content.Should().EndWith(ResetTrigger.BareResetPrompt);
    }

    [Theory]
    [InlineData("/reset hello there", "hello there")]
    [InlineData("  /new   what now?", "what now?")]
    public async Task TriggerWithText_SendsTheTextInTheNewSession(string message, string sent)
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("old", sessionKey: "chat"), CancellationToken.None);

        // Act
        var reset = await h.Runner.RunAsync(AgentRunnerHarness.Request(message, sessionKey: "chat") with { HonourResetTriggers = true }, CancellationToken.None);

        // Assert
        reset.SessionId.Should().NotBe(first.SessionId);
        var messages = await h.UpstreamMessagesAsync(2);
        messages.Select(m => m.Role).Should().Equal("system", "user");
        messages[1].Content.Should().EndWith("] " + sent);
    }

    [Fact]
    public async Task NewWithAModel_SwitchesTheSessionsModel_ForThisAndLaterTurns()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        var reset = await h.Runner.RunAsync(AgentRunnerHarness.Request("/new fake/other-model hi", sessionKey: "chat") with { HonourResetTriggers = true }, CancellationToken.None);
        var next = await h.Runner.RunAsync(AgentRunnerHarness.Request("and now?", sessionKey: "chat"), CancellationToken.None);

        // Assert
        (reset.Model, next.Model).Should().Be(("other-model", "other-model"));
        next.SessionId.Should().Be(reset.SessionId);
        (await h.UpstreamMessagesAsync(1))[^1].Content.Should().EndWith("] hi");
        (await h.Store.GetSessionAsync(reset.SessionKey, CancellationToken.None))!.ModelOverride.Should().Be("fake/other-model");
    }

    [Fact]
    public async Task WithoutTriggersHonoured_ATriggerIsPlainText()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("old", sessionKey: "chat"), CancellationToken.None);

        // Act
        var second = await h.Runner.RunAsync(AgentRunnerHarness.Request("/new", sessionKey: "chat"), CancellationToken.None);

        // Assert
        second.SessionId.Should().Be(first.SessionId);
        (await h.UpstreamMessagesAsync(2))[^1].Content.Should().EndWith("] /new");
    }
}

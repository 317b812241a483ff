using OpenClaw.Core.Agents;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Agents;

/// <summary>The one resolver of agent and session key every entry point uses (agent-runtime.md §1.1 steps 2–3).</summary>
public sealed class RunTargetsTests
{
    private static readonly OpenClaw.Core.Configuration.ConfigSnapshot Snapshot =
        TestConfig.Snapshot(TestConfig.Bind("{ agents: { list: [ { id: 'main' }, { id: 'ops' } ] } }"), Path.GetTempPath());

    [Theory]
    [InlineData(null, null, "main", "agent:main:main")]
    [InlineData(null, "work", "main", "agent:main:work")]
    [InlineData(null, "agent:ops:work", "ops", "agent:ops:work")]
    [InlineData(" OPS ", "work", "ops", "agent:ops:work")]
    [InlineData("ops", "agent:ops:work", "ops", "agent:ops:work")]
    public void Resolve_PicksTheExplicitAgent_ElseTheKeys_ElseTheDefault_AndCanonicalizesTheKey(string? agentId, string? sessionKey, string agent, string key)
    {
        var target = RunTargets.Resolve(Snapshot, agentId, sessionKey);

        target.IsResolved.Should().BeTrue();
        (target.AgentId, target.SessionKey).Should().Be((agent, key));
    }

    [Theory]
    [InlineData("nope", null, RunTargetProblem.UnknownAgent, "unknown agent id \"nope\"")]
    [InlineData("bad id!", null, RunTargetProblem.UnknownAgent, "unknown agent id \"bad id!\"")]
    [InlineData(null, "agent:ghost:x", RunTargetProblem.UnknownAgent, "unknown agent id \"ghost\"")]
    [InlineData("Main", "agent:ops:x", RunTargetProblem.AgentMismatch, "agent id \"main\" does not match session key agent \"ops\"")]
    public void Resolve_RefusesAnUnknownOrMismatchedAgent_WithTheRuntimesMessage(string? agentId, string? sessionKey, RunTargetProblem problem, string error)
    {
        var target = RunTargets.Resolve(Snapshot, agentId, sessionKey);

        target.IsResolved.Should().BeFalse();
        target.Problem.Should().Be(problem);
        target.Error.Should().Be(error);
        target.Requested.Should().Be(agentId, "each surface words its own message from the values as sent");
    }

    [Theory]
    [InlineData("main", "agent:ops:custom", "ops", "agent:ops:custom")]
    [InlineData(null, "agent:OPS:Custom", "ops", "agent:ops:custom")]
    [InlineData("ops", "main", "ops", "agent:ops:main")]
    [InlineData("ops", "global", "ops", "agent:ops:global")]
    public void Resolve_OpenAiHttp_LetsTheKeysAgentWin_AndScopesBareKeysLiterally(string? agentId, string sessionKey, string agent, string key)
    {
        // Arrange: the runtime would alias `main` to `agent:ops:home` and keep `global`.
        var snapshot = TestConfig.Snapshot(
            TestConfig.Bind("{ agents: { list: [ { id: 'main' }, { id: 'ops' } ] }, session: { mainKey: 'home', scope: 'global' } }"), Path.GetTempPath());

        // Act
        var target = RunTargets.Resolve(snapshot, agentId, sessionKey, RunTargetOptions.OpenAiHttp);

        // Assert
        target.IsResolved.Should().BeTrue();
        (target.AgentId, target.SessionKey).Should().Be((agent, key));
    }

    [Fact]
    public void Resolve_OpenAiHttp_WithSeveralAgentsAndNoOwner_IsRefused_ButTheRuntimeTakesTheDefault()
    {
        // Act
        var http = RunTargets.Resolve(Snapshot, null, "bare", RunTargetOptions.OpenAiHttp);
        var runtime = RunTargets.Resolve(Snapshot, null, "bare");

        // Assert
        http.Problem.Should().Be(RunTargetProblem.NoExplicitOwner);
        http.Error.Should().Be(RunTarget.NoExplicitOwnerMessage);
        runtime.AgentId.Should().Be("main");
    }

    [Fact]
    public void Resolve_OpenAiHttp_WithOneAgent_TakesItImplicitly()
    {
        // Arrange
        var single = TestConfig.Snapshot(TestConfig.Bind("{ agents: { list: [ { id: 'solo' } ] } }"), Path.GetTempPath());

        // Act
        var target = RunTargets.Resolve(single, null, null, RunTargetOptions.OpenAiHttp);

        // Assert
        (target.AgentId, target.SessionKey).Should().Be(("solo", "agent:solo:main"));
    }

    [Theory]
    [InlineData("Nope", "agent:ops:x", "Nope")]
    [InlineData("ops", "agent:ghost:x", "ghost")]
    [InlineData(null, "agent:ghost:x", "ghost")]
    public void Resolve_OpenAiHttp_NamesTheUnknownAgent_ExplicitFirst(string? agentId, string sessionKey, string unknown)
    {
        // Act
        var target = RunTargets.Resolve(Snapshot, agentId, sessionKey, RunTargetOptions.OpenAiHttp);

        // Assert
        target.Problem.Should().Be(RunTargetProblem.UnknownAgent);
        target.UnknownId.Should().Be(unknown);
    }

    [Theory]
    [InlineData(null, "ops", "agent:ops:openai-user:alice")]
    [InlineData("work", "ops", "agent:ops:work")]
    public void Resolve_KeylessSession_IsUsedOnlyWithoutAKey(string? sessionKey, string agentId, string key)
    {
        // Arrange
        var options = RunTargetOptions.OpenAiHttp with { KeylessSession = "openai-user:Alice" };

        // Act
        var target = RunTargets.Resolve(Snapshot, agentId, sessionKey, options);

        // Assert
        target.SessionKey.Should().Be(key);
    }
}

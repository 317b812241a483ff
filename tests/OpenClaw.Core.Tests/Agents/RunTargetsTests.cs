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
}

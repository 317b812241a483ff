using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Agents;

/// <summary>Why a request's agent and session key name no run target.</summary>
public enum RunTargetProblem
{
    None,

    /// <summary>The explicit agent, or the agent of an agent-scoped key, is not configured (or not a valid id).</summary>
    UnknownAgent,

    /// <summary>The explicit agent differs from the agent the session key is scoped to.</summary>
    AgentMismatch,
}

/// <summary>
/// The agent and canonical session key a request runs on, or the problem that stops it, with the values each
/// surface's error message names.
/// </summary>
public sealed record RunTarget(string AgentId, string SessionKey)
{
    public RunTargetProblem Problem { get; init; }

    /// <summary>The explicit agent id exactly as the caller sent it (null when none was sent).</summary>
    public string? Requested { get; init; }

    /// <summary>The agent that is unknown or mismatched: the explicit one (normalized) or the key's.</summary>
    public string? Agent { get; init; }

    /// <summary>The agent the session key is scoped to, if it is.</summary>
    public string? KeyAgent { get; init; }

    public bool IsResolved => Problem == RunTargetProblem.None;

    /// <summary>The runtime's wording (agent-runtime.md §1.1), or null when resolved.</summary>
    public string? Error => Problem switch
    {
        RunTargetProblem.UnknownAgent => $"unknown agent id \"{Requested ?? Agent}\"",
        RunTargetProblem.AgentMismatch => $"agent id \"{Agent}\" does not match session key agent \"{KeyAgent}\"",
        _ => null,
    };
}

/// <summary>
/// The one resolver of agent and session key (agent-runtime.md §1.1 steps 2–3) for every entry point: the explicit
/// agent (trimmed, lower-cased, configured), else the agent of an agent-scoped key, else the default agent; an
/// explicit agent must match the key's. The key is then canonicalized (§6.1).
/// </summary>
public static class RunTargets
{
    public static RunTarget Resolve(ConfigSnapshot snapshot, string? agentId, string? sessionKey)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var keyAgent = sessionKey is not null && SessionKeys.TryGetAgentId(sessionKey.Trim().ToLowerInvariant(), out var fromKey) ? fromKey : null;
        string agent;
        if (agentId is not null)
        {
            var normalized = agentId.Trim().ToLowerInvariant();
            if (!SessionKeys.IsWellFormedAgent(normalized) || !snapshot.Agents.Contains(normalized))
            {
                return Refused(RunTargetProblem.UnknownAgent, agentId, normalized, keyAgent, sessionKey);
            }

            if (keyAgent is not null && keyAgent != normalized)
            {
                return Refused(RunTargetProblem.AgentMismatch, agentId, normalized, keyAgent, sessionKey);
            }

            agent = normalized;
        }
        else if (keyAgent is not null)
        {
            if (!snapshot.Agents.Contains(keyAgent))
            {
                return Refused(RunTargetProblem.UnknownAgent, null, keyAgent, keyAgent, sessionKey);
            }

            agent = keyAgent;
        }
        else
        {
            agent = snapshot.Agents.DefaultAgentId;
        }

        return new RunTarget(agent, CanonicalKey(snapshot, sessionKey, agent)) { Requested = agentId, KeyAgent = keyAgent };
    }

    /// <summary>The key as the store holds it (§6.1): an unscoped key belongs to <paramref name="agentId"/>.</summary>
    public static string CanonicalKey(ConfigSnapshot snapshot, string? sessionKey, string agentId)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var session = snapshot.Config.Session;
        return SessionKeys.Canonicalize(sessionKey, agentId, session.MainKey, session.Scope == "global");
    }

    private static RunTarget Refused(RunTargetProblem problem, string? requested, string agent, string? keyAgent, string? sessionKey) =>
        new("", sessionKey ?? "") { Problem = problem, Requested = requested, Agent = agent, KeyAgent = keyAgent };
}

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

    /// <summary>Several agents, none named (only with <see cref="RunTargetOptions.RequireExplicitOwner"/>).</summary>
    NoExplicitOwner,
}

/// <summary>
/// The agent and canonical session key a request runs on, or the problem that stops it, with the values each
/// surface's error message names.
/// </summary>
public sealed record RunTarget(string AgentId, string SessionKey)
{
    public const string NoExplicitOwnerMessage =
        "Multiple agents are configured, but this operation has no explicit owner. Select an agent explicitly; CLI callers can pass --agent <id>, channels can add a binding, and ambient services can set their agentId target.";

    public RunTargetProblem Problem { get; init; }

    /// <summary>The explicit agent id exactly as the caller sent it (null when none was sent).</summary>
    public string? Requested { get; init; }

    /// <summary>The agent that is unknown or mismatched: the explicit one (normalized) or the key's.</summary>
    public string? Agent { get; init; }

    /// <summary>The agent the session key is scoped to, if it is.</summary>
    public string? KeyAgent { get; init; }

    /// <summary>The unknown agent as messages quote it: the explicit id as sent, or the key's agent.</summary>
    public string? UnknownId { get; init; }

    public bool IsResolved => Problem == RunTargetProblem.None;

    /// <summary>The runtime's wording (agent-runtime.md §1.1), or null when resolved.</summary>
    public string? Error => Problem switch
    {
        RunTargetProblem.UnknownAgent => $"unknown agent id \"{UnknownId}\"",
        RunTargetProblem.AgentMismatch => $"agent id \"{Agent}\" does not match session key agent \"{KeyAgent}\"",
        RunTargetProblem.NoExplicitOwner => NoExplicitOwnerMessage,
        _ => null,
    };
}

/// <summary>
/// The one resolver of agent and session key (agent-runtime.md §1.1 steps 2–3) for every entry point: the explicit
/// agent (trimmed, lower-cased, configured), else the agent of an agent-scoped key, else the default agent; an
/// explicit agent must match the key's. The key is then canonicalized (§6.1). <see cref="RunTargetOptions"/> holds
/// the departures of the OpenAI-compatible endpoints.
/// </summary>
public static class RunTargets
{
    public static RunTarget Resolve(ConfigSnapshot snapshot, string? agentId, string? sessionKey) =>
        Resolve(snapshot, agentId, sessionKey, RunTargetOptions.Runtime);

    public static RunTarget Resolve(ConfigSnapshot snapshot, string? agentId, string? sessionKey, RunTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var agents = snapshot.Agents;
        var keyAgent = sessionKey is not null && SessionKeys.TryGetAgentId(sessionKey.Trim().ToLowerInvariant(), out var fromKey) ? fromKey : null;
        string? agent = null;
        if (agentId is not null)
        {
            if (!agents.IsConfigured(agentId, out var normalized))
            {
                return Refused(RunTargetProblem.UnknownAgent, agentId, normalized, keyAgent, sessionKey) with { UnknownId = agentId };
            }

            if (keyAgent is not null && keyAgent != normalized && !options.KeyAgentWins)
            {
                return Refused(RunTargetProblem.AgentMismatch, agentId, normalized, keyAgent, sessionKey);
            }

            agent = normalized;
        }

        if (keyAgent is not null && (agent is null || options.KeyAgentWins))
        {
            if (!agents.Contains(keyAgent))
            {
                return Refused(RunTargetProblem.UnknownAgent, agentId, keyAgent, keyAgent, sessionKey) with { UnknownId = keyAgent };
            }

            agent = keyAgent;
        }

        if (agent is null)
        {
            if (options.RequireExplicitOwner && agents.ConfiguredCount > 1)
            {
                return Refused(RunTargetProblem.NoExplicitOwner, null, "", null, sessionKey);
            }

            agent = agents.DefaultAgentId;
        }

        var key = sessionKey is null && options.KeylessSession is { } keyless
            ? SessionKeys.Scope(keyless, agent)
            : options.LiteralKeys && sessionKey is not null ? SessionKeys.Scope(sessionKey, agent) : CanonicalKey(snapshot, sessionKey, agent);
        return new RunTarget(agent, key) { Requested = agentId, KeyAgent = keyAgent };
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

using OpenClaw.Core.Agents;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// The agent a request names by an explicit agent id and a session key (http-api.md §8.3 steps 1–3, the original's
/// <c>resolveRequestedSessionAgentId</c>); shared by <c>POST /tools/invoke</c> and <c>POST /sessions/{key}/kill</c>.
/// </summary>
internal static class RequestedAgent
{
    /// <summary>The agent and the canonical key in <paramref name="target"/>, or the message of a 400 (null when resolved).</summary>
    public static string? Resolve(ConfigSnapshot snapshot, string? requested, string sessionKey, out RunTarget target)
    {
        target = RunTargets.Resolve(snapshot, requested, sessionKey);

        // This surface's wording (the original's); an unconfigured agent has no workspace and no tool policy ([extension]).
        return target.Problem switch
        {
            RunTargetProblem.UnknownAgent => $"Unknown agent id \"{target.UnknownId}\"",
            RunTargetProblem.AgentMismatch => $"agent \"{target.Requested}\" does not match session key agent \"{target.KeyAgent}\"",
            _ => null,
        };
    }
}

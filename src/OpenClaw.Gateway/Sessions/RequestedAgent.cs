using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// The agent a request names by an explicit agent id and a session key (http-api.md §8.3 steps 1–3, the original's
/// <c>resolveRequestedSessionAgentId</c>); shared by <c>POST /tools/invoke</c> and <c>POST /sessions/{key}/kill</c>.
/// </summary>
internal static class RequestedAgent
{
    /// <summary>The agent, or the message of a 400 (null when resolved).</summary>
    public static string? Resolve(ConfigSnapshot snapshot, string? requested, string sessionKey, out string agentId)
    {
        agentId = snapshot.Agents.DefaultAgentId;
        string? chosen = null;
        if (requested is not null)
        {
            chosen = requested.Trim().ToLowerInvariant();
            if (!SessionKeys.IsWellFormedAgent(chosen) || !snapshot.Agents.Contains(chosen))
            {
                return $"Unknown agent id \"{requested}\"";
            }
        }

        if (SessionKeys.TryGetAgentId(sessionKey.ToLowerInvariant(), out var keyAgent))
        {
            if (chosen is not null && chosen != keyAgent)
            {
                return $"agent \"{requested}\" does not match session key agent \"{keyAgent}\"";
            }

            // [extension] an unconfigured agent has no workspace and no tool policy.
            if (!snapshot.Agents.Contains(keyAgent))
            {
                return $"Unknown agent id \"{keyAgent}\"";
            }

            chosen = keyAgent;
        }

        agentId = chosen ?? agentId;
        return null;
    }
}

using OpenClaw.Core.Agents;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>The agent and session a <c>/v1</c> request runs on.</summary>
internal sealed record ChatTarget(string AgentId, string SessionKey, string MessageChannel, bool NewSessionKey = false)
{
    /// <summary>The session-key header names a reserved namespace; set only when the caller defers that refusal.</summary>
    public bool ReservedKey { get; init; }
}

/// <summary>
/// Picks the agent (http-api.md §4.3: header, then <c>model</c>, then the default when at most one agent exists)
/// and derives the session key (§4.4: header, then <c>user</c>, then a new key per call).
/// </summary>
internal static class ChatTargetResolver
{
    public const string MultipleAgentsMessage =
        "Multiple agents are configured, but this operation has no explicit owner. Select an agent explicitly; CLI callers can pass --agent <id>, channels can add a binding, and ambient services can set their agentId target.";

    public const string InvalidModelMessage = "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.";

    public const string ReservedKeyMessage = "`x-openclaw-session-key` cannot use reserved internal session namespaces.";

    /// <summary>
    /// Resolves the target; <paramref name="sessionPrefix"/> is <c>openai</c> (chat) or <c>openresponses</c>. With
    /// <paramref name="deferReservedKey"/> a reserved session-key header is not refused here but flagged on the target
    /// (<see cref="ChatTarget.ReservedKey"/>), for an endpoint that refuses it later in its order (Responses, §6.1 #12).
    /// </summary>
    public static (ChatTarget? Target, string? Error) Resolve(
        IHeaderDictionary headers, string? model, string? user, ConfigSnapshot snapshot, string sessionPrefix, bool deferReservedKey = false)
    {
        var agents = snapshot.Agents;
        string? explicitAgent = null;
        var headerAgent = Header(headers, "x-openclaw-agent-id") ?? Header(headers, "x-openclaw-agent");
        if (headerAgent is not null)
        {
            explicitAgent = AgentIds.Normalize(headerAgent);
            if (explicitAgent is null || !agents.Contains(explicitAgent))
            {
                return (null, $"Unknown agent '{headerAgent}'.");
            }
        }

        var (modelAgent, modelError) = AgentFromModel(model);
        if (modelError is not null)
        {
            return (null, modelError);
        }

        if (explicitAgent is null && modelAgent is not null)
        {
            if (!agents.Contains(modelAgent))
            {
                return (null, $"Unknown agent '{modelAgent}'.");
            }

            explicitAgent = modelAgent;
        }

        var keyHeader = Header(headers, "x-openclaw-session-key");
        var reserved = keyHeader is not null && SessionKeys.IsReserved(keyHeader);
        string? keyAgent = null;
        if (keyHeader is not null && !reserved && SessionKeys.TryGetAgentId(keyHeader, out var scopedAgent))
        {
            keyAgent = scopedAgent;
        }

        if (explicitAgent is null && keyAgent is null && agents.ConfiguredCount > 1)
        {
            return (null, MultipleAgentsMessage);
        }

        if (reserved && !deferReservedKey)
        {
            return (null, ReservedKeyMessage);
        }

        if (keyAgent is not null && !agents.Contains(keyAgent))
        {
            return (null, $"Unknown agent '{keyAgent}'.");
        }

        var agentId = keyAgent ?? explicitAgent ?? agents.DefaultAgentId;
        var sessionKey = keyHeader is not null
            ? keyAgent is not null ? keyHeader.ToLowerInvariant() : $"agent:{agentId}:{keyHeader}".ToLowerInvariant()
            : user?.Trim() is { Length: > 0 } stableUser
                ? $"agent:{agentId}:{sessionPrefix}-user:{stableUser}".ToLowerInvariant()
                : $"agent:{agentId}:{sessionPrefix}:{Guid.NewGuid()}";
        var channel = Header(headers, "x-openclaw-message-channel")?.ToLowerInvariant() ?? "webchat";
        return (new ChatTarget(agentId, sessionKey, channel, NewSessionKey: keyHeader is null && string.IsNullOrWhiteSpace(user)) { ReservedKey = reserved }, null);
    }

    /// <summary>The agent named by <c>model</c>: null for the default forms, an error for anything else (syntax only).</summary>
    internal static (string? AgentId, string? Error) AgentFromModel(string? model)
    {
        var text = model?.Trim() ?? "";
        if (text.Length == 0 || text.Equals("openclaw", StringComparison.OrdinalIgnoreCase)
            || text.Equals("openclaw/default", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        string? candidate = null;
        if (text.StartsWith("openclaw/", StringComparison.OrdinalIgnoreCase) || text.StartsWith("openclaw:", StringComparison.OrdinalIgnoreCase))
        {
            candidate = text[9..];
        }
        else if (text.StartsWith("agent:", StringComparison.OrdinalIgnoreCase))
        {
            candidate = text[6..];
        }

        return candidate is not null && AgentIds.Normalize(candidate) is { } id && id.Length == candidate.Trim().Length
            ? (id, null)
            : (null, InvalidModelMessage);
    }

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.ToString().Trim() is { Length: > 0 } value ? value : null;
}

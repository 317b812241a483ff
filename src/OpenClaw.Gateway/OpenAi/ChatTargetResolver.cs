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
    public const string MultipleAgentsMessage = RunTarget.NoExplicitOwnerMessage;

    public const string InvalidModelMessage = "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.";

    public const string ReservedKeyMessage = "`x-openclaw-session-key` cannot use reserved internal session namespaces.";

    /// <summary>
    /// Resolves the target; <paramref name="sessionPrefix"/> is <c>openai</c> (chat) or <c>openresponses</c>. With
    /// <paramref name="deferReservedKey"/> a reserved session-key header is not refused here but flagged on the target
    /// (<see cref="ChatTarget.ReservedKey"/>), for an endpoint that refuses it later in its order (Responses, §6.1 #12).
    /// The agent and key are <see cref="RunTargets"/>' with <see cref="RunTargetOptions.OpenAiHttp"/>; this reads the
    /// inputs and words the errors in the order of §4.1 #12–13.
    /// </summary>
    public static (ChatTarget? Target, string? Error) Resolve(
        IHeaderDictionary headers, string? model, string? user, ConfigSnapshot snapshot, string sessionPrefix, bool deferReservedKey = false)
    {
        var headerAgent = Header(headers, "x-openclaw-agent-id") ?? Header(headers, "x-openclaw-agent");
        var (modelAgent, modelError) = AgentFromModel(model);
        var keyHeader = Header(headers, "x-openclaw-session-key");

        // A reserved key selects no agent; it is refused after the owner check (below, or later by the caller).
        var reserved = keyHeader is not null && SessionKeys.IsReserved(keyHeader);
        var sessionKey = reserved ? null : keyHeader;
        var keyless = sessionKey is not null ? null
            : user?.Trim() is { Length: > 0 } stableUser ? $"{sessionPrefix}-user:{stableUser}" : $"{sessionPrefix}:{Guid.NewGuid()}";
        var target = RunTargets.Resolve(snapshot, headerAgent ?? modelAgent, sessionKey, RunTargetOptions.OpenAiHttp with { KeylessSession = keyless });

        // §4.1 #12: an unknown agent header is refused first, then a malformed `model`, then the rest.
        var headerRefused = headerAgent is not null && target.Problem == RunTargetProblem.UnknownAgent && target.UnknownId == headerAgent;
        if (modelError is not null && !headerRefused)
        {
            return (null, modelError);
        }

        switch (target.Problem)
        {
            case RunTargetProblem.UnknownAgent:
                return (null, $"Unknown agent '{target.UnknownId}'.");
            case RunTargetProblem.NoExplicitOwner:
                return (null, MultipleAgentsMessage);
        }

        if (reserved && !deferReservedKey)
        {
            return (null, ReservedKeyMessage);
        }

        var channel = Header(headers, "x-openclaw-message-channel")?.ToLowerInvariant() ?? "webchat";
        return (new ChatTarget(target.AgentId, target.SessionKey, channel, NewSessionKey: keyHeader is null && string.IsNullOrWhiteSpace(user)) { ReservedKey = reserved }, null);
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

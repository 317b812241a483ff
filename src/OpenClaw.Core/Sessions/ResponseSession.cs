namespace OpenClaw.Core.Sessions;

/// <summary>
/// Which session a Responses answer belongs to, so that <c>previous_response_id</c> can continue it (http-api.md
/// §6.8, durable as an [extension]). The scope is the auth subject (never the raw credential), the agent and the
/// requested <c>x-openclaw-session-key</c>. <c>CreatedAt</c> is the write's Unix milliseconds; entries expire a TTL
/// after it.
/// </summary>
public sealed record ResponseSession(
    string ResponseId,
    string SessionKey,
    string AgentId,
    string AuthSubject,
    string? RequestedSessionKey,
    long CreatedAt);

/// <summary>A <see cref="ResponseSession"/> to record, and how many entries the store keeps (the oldest go first).</summary>
public sealed record ResponseSessionWrite(ResponseSession Entry, int MaxEntries);

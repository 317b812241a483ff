using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>Who may continue a response: the auth subject, the agent and the requested session-key header (http-api.md §6.8).</summary>
internal sealed record ResponseScope(string AuthSubject, string AgentId, string? RequestedSessionKey)
{
    /// <summary>
    /// <c>bearer:</c> + the lowercase hex SHA-256 of the request's bearer credential when it carries one (never the
    /// credential itself), else <c>gateway-auth:&lt;mode&gt;</c>.
    /// </summary>
    public static string AuthSubjectOf(HttpRequest request, string authMode) =>
        GatewayAuthenticationHandler.BearerCredential(request) is { } credential
            ? "bearer:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)))
            : "gateway-auth:" + authMode;
}

/// <summary>
/// The <c>previous_response_id</c> map, kept in the session store (<b>[extension]</b> http-api.md §6.8): it survives a
/// restart and is shared by every instance on one database. A lookup never fails the request: an unknown, expired or
/// out-of-scope id, or a store that cannot answer, is silently ignored.
/// </summary>
internal sealed partial class PreviousResponses(
    ISessionStore store, IOptions<GatewayHttpOptions> options, TimeProvider time, ILogger<PreviousResponses> logger)
{
    /// <summary>The session key <paramref name="responseId"/> continues, when it exists, is fresh and is in scope.</summary>
    public async Task<string?> FindSessionKeyAsync(string? responseId, ResponseScope scope, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(responseId))
        {
            return null;
        }

        ResponseSession? entry;
        try
        {
            entry = await store.FindResponseSessionAsync(responseId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LookupFailed(logger, ex);
            return null;
        }

        var ttl = TimeSpan.FromMinutes(options.Value.Responses.PreviousResponseTtlMinutes);
        return entry is not null
            && time.GetUtcNow().ToUnixTimeMilliseconds() - entry.CreatedAt < ttl.TotalMilliseconds
            && entry.AuthSubject == scope.AuthSubject
            && entry.AgentId == scope.AgentId
            && entry.RequestedSessionKey == scope.RequestedSessionKey
                ? entry.SessionKey
                : null;
    }

    /// <summary>Records an emitted response before its bytes go out; a store failure is logged, not fatal to the answer.</summary>
    public async Task RecordAsync(string responseId, string sessionKey, ResponseScope scope, CancellationToken cancellationToken)
    {
        var entry = new ResponseSession(
            responseId, sessionKey, scope.AgentId, scope.AuthSubject, scope.RequestedSessionKey, time.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            await store.WriteAsync(new SessionWrite { ResponseSession = new ResponseSessionWrite(entry, options.Value.Responses.PreviousResponseMaxEntries) }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecordFailed(logger, responseId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4501, EventName = "PreviousResponseLookupFailed", Level = LogLevel.Warning,
            Message = "previous_response_id lookup failed; the request starts a session of its own")]
        public static partial void LookupFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4502, EventName = "PreviousResponseRecordFailed", Level = LogLevel.Warning,
            Message = "response {ResponseId} could not be recorded for previous_response_id")]
        public static partial void RecordFailed(ILogger logger, string responseId, Exception exception);
    }
}

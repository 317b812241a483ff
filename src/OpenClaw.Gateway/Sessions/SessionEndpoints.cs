using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.WebSockets.Methods;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// The REST session controls (http-api.md §8a): <c>GET /sessions/{key}/history</c> (JSON, paging by <c>limit</c> and
/// <c>cursor</c>; or live as SSE) and <c>POST /sessions/{key}/kill</c> (admin; aborts the session's runs). The key was
/// checked by the pipeline before the method and auth.
/// </summary>
internal static class SessionEndpoints
{
    /// <summary>A storage read failure answers as the original does while its transcript index rebuilds (http-api.md §8a.2).</summary>
    private static readonly GatewayFailure HistoryUnavailable = new(
        StatusCodes.Status503ServiceUnavailable,
        new GatewayError("unavailable", "session history is rebuilding; retry shortly", Retryable: true),
        TimeSpan.FromSeconds(1));

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(SessionRoutePath.Prefix + "{key}/history", HistoryAsync)
            .WithGatewayRoute(api: true, sessionKey: true)
            .RequireAuthorization(GatewayScopes.Read)
            .WithTags("Sessions")
            .WithSummary("A session's current transcript, newest page first by limit and cursor.");
        routes.MapPost(SessionRoutePath.Prefix + "{key}/kill", KillAsync)
            .WithGatewayRoute(api: true, sessionKey: true)
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser())
            .WithTags("Sessions")
            .WithSummary("Aborts the session's active runs (operator.admin from x-openclaw-scopes; never a shared-secret caller).");
        return routes;
    }

    // The OpenAPI document keeps the last response declared per status: the JSON page is the one it shows for 200.
    private static async Task<Results<SseStreamResult<SessionHistoryPage>, JsonBodyResult<SessionHistoryPage>, OpenAiFailure, GatewayFailure>> HistoryAsync(
        HttpContext context, SessionCommands commands, ISessionStore store, SessionHistoryStreams streams)
    {
        var sent = SessionRoutePath.Key(context)!;
        var key = commands.Canonicalize(sent);

        // The live mode subscribes before it reads, so no append can fall between its snapshot and its feed.
        TranscriptSubscription? live = null;
        try
        {
            IReadOnlyList<TranscriptEntry> entries;
            List<JsonObject> messages;
            try
            {
                if (await store.GetSessionAsync(key, context.RequestAborted) is not { } session)
                {
                    return SessionNotFound(sent);
                }

                live = HistoryAccept.WantsEventStream(context.Request) ? streams.Feed.Subscribe(session.SessionId) : null;
                RequestLogFields.Record(context, session.AgentId, streaming: live is not null);
                entries = await store.ReadTranscriptAsync(session.SessionId, context.RequestAborted);
                messages = TranscriptMessages.Read(entries, maxChars: null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HistoryUnavailable;
            }

            if (SessionHistoryQuery.TryParse(key, context.Request.Query, out var query) is { } problem)
            {
                return OpenAiFailure.BadRequest(problem);
            }

            if (live is null)
            {
                return JsonBody.Ok(query.Page(messages), GatewayJson.Context.SessionHistoryPage);
            }

            // The stream owns the subscription from here; it holds the frames of the snapshot, not the transcript.
            var stream = new SessionHistoryStream(context, streams, query, live.SessionId, live);
            stream.Open(entries, messages);
            live = null;
            return new SseStreamResult<SessionHistoryPage>(stream.RunAsync);
        }
        finally
        {
            // Only a subscription no stream took: the early answers go out without one.
            live?.Dispose();
        }
    }

    private static async Task<Results<JsonBodyResult<SessionKillResponse>, OpenAiFailure, GatewayFailure>> KillAsync(
        HttpContext context, GatewayAuthState auth, IConfigSource config, ISessionStore store, IRunCoordination coordination)
    {
        // Only scopes a caller declares under auth "none" count here: a shared secret grants no admin on this route.
        if (auth.Current.Mode != "none" || !GatewayScopes.Has(context.User, GatewayScopes.Admin))
        {
            return GatewayFailure.MissingScope(GatewayScopes.Admin, MissingScopeDetails.For(GatewayScopes.Admin));
        }

        var sent = SessionRoutePath.Key(context)!;
        var snapshot = config.Current;
        if (RequestedAgent.Resolve(snapshot, context.Request.Query["agentId"].FirstOrDefault(), sent, out var target) is { } problem)
        {
            return OpenAiFailure.BadRequest(problem);
        }

        RequestLogFields.Record(context, target.AgentId);
        var key = target.SessionKey;
        if (await store.GetSessionAsync(key, context.RequestAborted) is null)
        {
            return SessionNotFound(sent);
        }

        var aborted = await coordination.Runs.AbortSessionAsync(key, context.RequestAborted);
        return JsonBody.Ok(new SessionKillResponse(true, aborted.Count > 0), GatewayJson.Context.SessionKillResponse);
    }

    /// <summary>The key as sent (decoded and trimmed, not canonicalized; http-api.md §8a.1).</summary>
    private static GatewayFailure SessionNotFound(string sent) => GatewayFailure.NotFound($"Session not found: {sent}");
}

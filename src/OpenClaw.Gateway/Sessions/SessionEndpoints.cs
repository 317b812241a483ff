using System.Text.Json.Nodes;
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

    private static async Task HistoryAsync(HttpContext context, SessionCommands commands, ISessionStore store, SessionHistoryStreams streams)
    {
        var sent = SessionRoutePath.Key(context)!;
        var key = commands.Canonicalize(sent);

        // The live mode subscribes before it reads, so no append can fall between its snapshot and its feed.
        TranscriptSubscription? live = null;
        try
        {
            IReadOnlyList<TranscriptEntry>? entries;
            List<JsonObject>? messages;
            try
            {
                if (await store.GetSessionAsync(key, context.RequestAborted) is not { } session)
                {
                    await NotFoundAsync(context.Response, sent);
                    return;
                }

                live = HistoryAccept.WantsEventStream(context.Request) ? streams.Feed.Subscribe(session.SessionId) : null;
                RequestLogFields.Record(context, session.AgentId, streaming: live is not null);
                entries = await store.ReadTranscriptAsync(session.SessionId, context.RequestAborted);
                messages = TranscriptMessages.Read(entries, maxChars: null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.Response.Headers.RetryAfter = "1";
                await HttpBodies.WriteNodeAsync(context.Response, StatusCodes.Status503ServiceUnavailable, new JsonObject
                {
                    ["ok"] = false,
                    ["error"] = new JsonObject { ["type"] = "unavailable", ["message"] = "session history is rebuilding; retry shortly", ["retryable"] = true },
                });
                return;
            }

            if (SessionHistoryQuery.TryParse(key, context.Request.Query, out var query) is { } problem)
            {
                await BadRequestAsync(context.Response, problem);
                return;
            }

            if (live is not null)
            {
                // The stream lasts hours: the transcript must not stay referenced (by this method's state) meanwhile.
                var stream = new SessionHistoryStream(context, streams, query, live.SessionId, live);
                stream.Open(entries, messages);
                entries = null;
                messages = null;
                await stream.RunAsync();
                return;
            }

            await HttpBodies.WriteNodeAsync(context.Response, StatusCodes.Status200OK, query.Page(messages));
        }
        finally
        {
            live?.Dispose();
        }
    }

    private static async Task KillAsync(HttpContext context, GatewayAuthState auth, IConfigSource config, ISessionStore store, IRunCoordination coordination)
    {
        // Only scopes a caller declares under auth "none" count here: a shared secret grants no admin on this route.
        if (auth.Current.Mode != "none" || !GatewayScopes.Has(context.User, GatewayScopes.Admin))
        {
            await HttpBodies.WriteNodeAsync(context.Response, StatusCodes.Status403Forbidden, new JsonObject
            {
                ["ok"] = false,
                ["error"] = new JsonObject
                {
                    ["type"] = "forbidden",
                    ["message"] = "missing scope: operator.admin",
                    ["details"] = new JsonObject
                    {
                        ["code"] = "MISSING_SCOPE",
                        ["missingScope"] = GatewayScopes.Admin,
                        ["requiredScopes"] = new JsonArray(GatewayScopes.Admin),
                    },
                },
            });
            return;
        }

        var sent = SessionRoutePath.Key(context)!;
        var snapshot = config.Current;
        if (RequestedAgent.Resolve(snapshot, context.Request.Query["agentId"].FirstOrDefault(), sent, out var target) is { } problem)
        {
            await BadRequestAsync(context.Response, problem);
            return;
        }

        RequestLogFields.Record(context, target.AgentId);
        var key = target.SessionKey;
        if (await store.GetSessionAsync(key, context.RequestAborted) is null)
        {
            await NotFoundAsync(context.Response, sent);
            return;
        }

        var aborted = await coordination.Runs.AbortSessionAsync(key, context.RequestAborted);
        await HttpBodies.WriteNodeAsync(context.Response, StatusCodes.Status200OK, new JsonObject { ["ok"] = true, ["killed"] = aborted.Count > 0 });
    }

    private static Task NotFoundAsync(HttpResponse response, string sent) =>
        HttpBodies.WriteNodeAsync(response, StatusCodes.Status404NotFound, new JsonObject
        {
            ["ok"] = false,
            ["error"] = new JsonObject { ["type"] = "not_found", ["message"] = $"Session not found: {sent}" },
        });

    private static Task BadRequestAsync(HttpResponse response, string message) => OpenAiFailure.BadRequest(message).ExecuteAsync(response.HttpContext);
}

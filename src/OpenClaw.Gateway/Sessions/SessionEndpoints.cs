using System.Globalization;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.WebSockets.Methods;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// The REST session controls (http-api.md §8a): <c>GET /sessions/{key}/history</c> (JSON; paging by <c>limit</c> and
/// <c>cursor</c>) and <c>POST /sessions/{key}/kill</c> (admin; aborts the session's runs). The key was checked by the
/// pipeline before the method and auth.
/// </summary>
internal static class SessionEndpoints
{
    private const int MaxLimit = 1000;
    private const int MaxTextChars = 8000;
    private const long MaxSafeInteger = 9_007_199_254_740_991;

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(SessionRoutePath.Prefix + "{key}/history", HistoryAsync)
            .RequireAuthorization(GatewayScopes.Read)
            .WithTags("Sessions")
            .WithSummary("A session's current transcript, newest page first by limit and cursor.");
        routes.MapPost(SessionRoutePath.Prefix + "{key}/kill", KillAsync)
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser())
            .WithTags("Sessions")
            .WithSummary("Aborts the session's active runs (operator.admin from x-openclaw-scopes; never a shared-secret caller).");
        return routes;
    }

    private static async Task HistoryAsync(HttpContext context, SessionCommands commands, ISessionStore store)
    {
        var sent = SessionRoutePath.Key(context)!;
        var key = commands.Canonicalize(sent);
        List<JsonObject> messages;
        try
        {
            if (await store.GetSessionAsync(key, context.RequestAborted) is not { } session)
            {
                await NotFoundAsync(context.Response, sent);
                return;
            }

            messages = TranscriptMessages.Read(await store.ReadTranscriptAsync(session.SessionId, context.RequestAborted), maxChars: null);
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

        if (!TryLimit(context.Request.Query["limit"], out var limit))
        {
            await BadRequestAsync(context.Response, "limit must be a positive integer");
            return;
        }

        if (!TryCursor(context.Request.Query["cursor"], out var cursor))
        {
            await BadRequestAsync(context.Response, "cursor must be a positive integer");
            return;
        }

        // A message's seq is its 1-based position; the cursor selects those strictly older than it.
        var end = cursor is { } before ? (int)Math.Min(before - 1, messages.Count) : messages.Count;
        var start = limit is { } count ? Math.Max(0, end - count) : 0;
        var page = new JsonArray();
        foreach (var message in messages.Skip(start).Take(end - start))
        {
            TranscriptMessages.TruncateMarked(message, MaxTextChars);
            page.Add((JsonNode)message);
        }

        var body = new JsonObject
        {
            ["sessionKey"] = key,
            ["items"] = page,
            ["messages"] = page.DeepClone(),
            ["hasMore"] = start > 0,
        };
        if (start > 0)
        {
            body["nextCursor"] = (start + 1).ToString(CultureInfo.InvariantCulture);
        }

        await HttpBodies.WriteNodeAsync(context.Response, StatusCodes.Status200OK, body);
    }

    private static async Task KillAsync(HttpContext context, GatewayAuthState auth, IConfigSource config, ISessionStore store, AgentRunner runner)
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
        if (RequestedAgent.Resolve(snapshot, context.Request.Query["agentId"].FirstOrDefault(), sent, out var agentId) is { } problem)
        {
            await BadRequestAsync(context.Response, problem);
            return;
        }

        var key = SessionKeys.Canonicalize(sent, agentId, snapshot.Config.Session.MainKey, snapshot.Config.Session.Scope == "global");
        if (await store.GetSessionAsync(key, context.RequestAborted) is null)
        {
            await NotFoundAsync(context.Response, sent);
            return;
        }

        var aborted = runner.AbortSession(key);
        await HttpBodies.WriteNodeAsync(context.Response, StatusCodes.Status200OK, new JsonObject { ["ok"] = true, ["killed"] = aborted.Count > 0 });
    }

    /// <summary>Absent: no limit. A positive integer, at most 1000 (an all-digit value too large is 1000).</summary>
    private static bool TryLimit(Microsoft.Extensions.Primitives.StringValues values, out int? limit)
    {
        limit = null;
        if (values.Count == 0)
        {
            return true;
        }

        var text = values[0] ?? "";
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        limit = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? (int)Math.Min(value, MaxLimit) : MaxLimit;
        return limit > 0;
    }

    /// <summary>Absent or empty: none. <c>seq:&lt;n&gt;</c> or <c>&lt;n&gt;</c>, a positive safe integer.</summary>
    private static bool TryCursor(Microsoft.Extensions.Primitives.StringValues values, out long? cursor)
    {
        cursor = null;
        var text = (values.Count == 0 ? "" : values[0] ?? "").Trim();
        if (text.Length == 0)
        {
            return true;
        }

        var digits = text.StartsWith("seq:", StringComparison.Ordinal) ? text[4..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxSafeInteger)
        {
            return false;
        }

        cursor = value;
        return true;
    }

    private static Task NotFoundAsync(HttpResponse response, string sent) =>
        HttpBodies.WriteNodeAsync(response, StatusCodes.Status404NotFound, new JsonObject
        {
            ["ok"] = false,
            ["error"] = new JsonObject { ["type"] = "not_found", ["message"] = $"Session not found: {sent}" },
        });

    private static Task BadRequestAsync(HttpResponse response, string message) =>
        HttpBodies.WriteJsonAsync(response, StatusCodes.Status400BadRequest,
            new OpenAiErrorEnvelope(new OpenAiError(message, OpenAiErrorTypes.InvalidRequest)), GatewayJson.Context.OpenAiErrorEnvelope);
}

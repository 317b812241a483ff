using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// The fixed front of every request, in the spec's order: security headers, the Upgrade check, the exact route
/// (404 / 405 before auth, from the endpoints' <see cref="GatewayEndpoint"/> metadata), the drain guard, and a
/// last-resort 500.
/// </summary>
internal sealed partial class GatewayPipelineMiddleware(
    RequestDelegate next,
    IConfigSource config,
    GatewayLifecycle lifecycle,
    WebSockets.GatewaySocketHandler sockets,
    GatewayEndpointIndex routes,
    ILogger<GatewayPipelineMiddleware> logger)
{
    private static readonly OpenAiFailure Draining = new(
        StatusCodes.Status503ServiceUnavailable,
        new OpenAiError("Gateway is temporarily unavailable while suspending or restarting", OpenAiErrorTypes.ServiceUnavailable, "gateway_unavailable"),
        TimeSpan.FromSeconds(1));

    private static readonly OpenAiFailure InvalidSessionKey = OpenAiFailure.BadRequest("invalid session key");

    public async Task InvokeAsync(HttpContext context)
    {
        var snapshot = config.Current;
        var headers = context.Response.Headers;
        AddSecurityHeaders(headers, snapshot);

        if (context.Request.Headers.ContainsKey("Upgrade") && !IsWebSocketHandshake(context.Request))
        {
            headers.Connection = "close";
            await HttpBodies.WriteTextAsync(context.Response, StatusCodes.Status400BadRequest, "Bad Request");
            return;
        }

        // The control plane shares the port: an upgrade on any path is a WebSocket session (gateway-protocol.md §1).
        if (context.WebSockets.IsWebSocketRequest)
        {
            await sockets.HandleAsync(context);
            return;
        }

        var path = context.Request.Path.Value ?? "";
        var found = routes.Find(context.GetEndpoint(), path, context.Request.Method, out var pathRoutes);
        var route = found?.Metadata ?? (pathRoutes.Count > 0 ? pathRoutes[0].Metadata : null);
        if (route is null || !route.IsEnabled(snapshot))
        {
            await HttpBodies.WriteTextAsync(context.Response, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        if (route.HasSessionKey && Sessions.SessionRoutePath.Key(context) is null)
        {
            await InvalidSessionKey.ExecuteAsync(context);
            return;
        }

        if (found is not { } match)
        {
            headers.Allow = string.Join(", ", pathRoutes.SelectMany(r => r.Methods ?? []).Distinct(StringComparer.OrdinalIgnoreCase));
            await HttpBodies.WriteTextAsync(context.Response, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
            return;
        }

        // Routing ignores case and a trailing slash: the exact route may be another endpoint than the one it chose.
        if (!ReferenceEquals(match.Endpoint, context.GetEndpoint()))
        {
            context.SetEndpoint(match.Endpoint);
        }

        if (route.IsApi && lifecycle.Draining)
        {
            headers.CacheControl = "no-store";
            await Draining.ExecuteAsync(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, ex, context.Request.Path);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            AddSecurityHeaders(headers, snapshot);
            await HttpBodies.WriteTextAsync(context.Response, StatusCodes.Status500InternalServerError, "Internal Server Error");
        }
    }

    private static void AddSecurityHeaders(IHeaderDictionary headers, ConfigSnapshot snapshot)
    {
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(self), geolocation=()";
        if (snapshot.Config.Gateway.Http.StrictTransportSecurity is { Length: > 0 } hsts)
        {
            headers.StrictTransportSecurity = hsts;
        }
    }

    private static bool IsWebSocketHandshake(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
        && request.Headers.Connection.ToString().Contains("upgrade", StringComparison.OrdinalIgnoreCase);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "UnhandledException", Level = LogLevel.Error, Message = "unhandled exception on {Path}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string path);
    }
}

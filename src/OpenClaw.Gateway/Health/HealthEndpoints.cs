using System.Text.Json.Serialization;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Health;

internal sealed record LiveResponse([property: JsonPropertyName("ok")] bool Ok, [property: JsonPropertyName("status")] string Status);

/// <summary>
/// Readiness; <c>failing</c>, <c>uptimeMs</c>, <c>runs</c> (<b>[extension]</b>: the run queue) and <c>providers</c>
/// (circuits that are not closed, when there are any) only for loopback or authenticated callers.
/// </summary>
internal sealed record ReadyResponse(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("failing")] IReadOnlyList<string>? Failing = null,
    [property: JsonPropertyName("uptimeMs")] long? UptimeMs = null,
    [property: JsonPropertyName("providers")] IReadOnlyList<ProviderHealthRow>? Providers = null,
    [property: JsonPropertyName("runs")] RunQueueHealth? Runs = null);

/// <summary>Runs holding a slot and runs waiting for one.</summary>
internal sealed record RunQueueHealth(
    [property: JsonPropertyName("active")] int Active,
    [property: JsonPropertyName("queued")] int Queued);

/// <summary>Startup (observed shape of the original): <c>{"ok":true,"status":"started","version","uptimeMs"}</c>.</summary>
internal sealed record StartupResponse(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("version")] string? Version = null,
    [property: JsonPropertyName("uptimeMs")] long? UptimeMs = null);

/// <summary>The unauthenticated probes (http-api.md §9). They never touch providers.</summary>
internal static class HealthEndpoints
{
    private static readonly LiveResponse Live = new(true, "live");

    private static readonly string Version = Hosting.GatewayVersion.Current;

    private static readonly string[] LivePaths = ["/health", "/healthz"];
    private static readonly string[] ReadyPaths = ["/ready", "/readyz"];
    private static readonly string[] StartupPaths = ["/startup", "/startupz"];

    /// <summary>A probe's path (not traced: probes would drown the traces that matter).</summary>
    public static bool IsProbe(PathString path) =>
        path.Value is { } value && (LivePaths.Contains(value) || ReadyPaths.Contains(value) || StartupPaths.Contains(value));

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        foreach (var path in LivePaths)
        {
            routes.MapMethods(path, methods, WriteLiveAsync).WithGatewayRoute(api: false).WithTags("Health").ExcludeFromDescription();
        }

        foreach (var path in ReadyPaths)
        {
            routes.MapMethods(path, methods, WriteReadyAsync).WithGatewayRoute(api: false).WithTags("Health").ExcludeFromDescription();
        }

        foreach (var path in StartupPaths)
        {
            routes.MapMethods(path, methods, WriteStartupAsync).WithGatewayRoute(api: false).WithTags("Health").ExcludeFromDescription();
        }

        return routes;
    }

    private static Task WriteLiveAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return HttpBodies.WriteJsonAsync(context.Response, StatusCodes.Status200OK, Live, GatewayJson.Context.LiveResponse);
    }

    /// <summary>
    /// An open provider circuit is reported but does not make the gateway unready: every instance shares the provider,
    /// so pulling them all from a load balancer would turn a provider outage (which fallbacks may cover) into a total one.
    /// </summary>
    private static Task WriteReadyAsync(HttpContext context, GatewayLifecycle lifecycle, ProviderCircuits circuits, AgentRunner runner)
    {
        var failing = new List<string>(3);
        if (!lifecycle.StorageReady)
        {
            failing.Add("storage");
        }

        if (!lifecycle.Accepting)
        {
            failing.Add("listener");
        }

        if (lifecycle.Draining)
        {
            failing.Add("draining");
        }

        var ready = failing.Count == 0;
        var detailed = IsTrusted(context);
        context.Response.Headers.CacheControl = "no-store";
        if (!ready)
        {
            // Every 503 of the gateway says when to come back.
            context.Response.Headers.RetryAfter = "1";
        }
        return HttpBodies.WriteJsonAsync(
            context.Response,
            ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            detailed
                ? new ReadyResponse(ready, failing, lifecycle.UptimeMs, OpenCircuits(circuits), new RunQueueHealth(runner.ActiveRuns, runner.QueuedRuns))
                : new ReadyResponse(ready),
            GatewayJson.Context.ReadyResponse);
    }

    /// <summary>Listed only while some circuit is not closed, so a healthy gateway answers the spec's exact body.</summary>
    private static IReadOnlyList<ProviderHealthRow>? OpenCircuits(ProviderCircuits circuits) =>
        ProviderHealthRow.Unhealthy(circuits) is { Count: > 0 } rows ? rows : null;

    private static Task WriteStartupAsync(HttpContext context, GatewayLifecycle lifecycle)
    {
        var started = lifecycle.StorageReady && lifecycle.Accepting;
        var detailed = IsTrusted(context);
        context.Response.Headers.CacheControl = "no-store";
        if (!started)
        {
            context.Response.Headers.RetryAfter = "1";
        }
        var body = !started ? new StartupResponse(false, "starting")
            : detailed ? new StartupResponse(true, "started", Version, lifecycle.UptimeMs)
            : new StartupResponse(true, "started");
        return HttpBodies.WriteJsonAsync(context.Response, started ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, body, GatewayJson.Context.StartupResponse);
    }

    /// <summary>
    /// Loopback callers, or callers the authentication handler accepted (so the failed-auth lockout and its counting
    /// apply here too).
    /// </summary>
    private static bool IsTrusted(HttpContext context) =>
        ClientAddress.IsLoopback(context.Connection.RemoteIpAddress) || context.User.Identity?.IsAuthenticated == true;
}

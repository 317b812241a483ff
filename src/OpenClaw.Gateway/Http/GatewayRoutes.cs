using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Http;

/// <summary>One row of the route table (http-api.md §1.2).</summary>
internal sealed record GatewayRoute(string Path, string[] Methods, Func<ConfigSnapshot, bool> IsEnabled, bool IsApi)
{
    /// <summary>The path holds a session key, checked before the method (http-api.md §8a.1).</summary>
    public bool HasSessionKey { get; init; }

    /// <summary>Mapped only when a host setting turns it on: without a mapped endpoint the path is a 404.</summary>
    public bool Optional { get; init; }

    /// <summary>The <c>Allow</c> header of a 405.</summary>
    public string Allow { get; } = string.Join(", ", Methods);
}

/// <summary>
/// The exact, case-sensitive route table. Paths not listed (trailing slashes included) are 404; a disabled endpoint
/// is not routed at all; the method is checked before auth.
/// </summary>
internal static class GatewayRoutes
{
    private static readonly string[] Probe = [HttpMethods.Get, HttpMethods.Head];

    /// <summary><c>/v1/models/{id}</c>: every path under the prefix, the empty id included (a 400, not a 404).</summary>
    private static readonly GatewayRoute ModelItem = new(OpenAi.ModelsEndpoints.ItemPrefix + "{id}", [HttpMethods.Get], ModelsEnabled, IsApi: true);

    private static readonly GatewayRoute SessionHistory =
        new(Sessions.SessionRoutePath.Prefix + "{key}/history", [HttpMethods.Get], Always, IsApi: true) { HasSessionKey = true };

    private static readonly GatewayRoute SessionKill =
        new(Sessions.SessionRoutePath.Prefix + "{key}/kill", [HttpMethods.Post], Always, IsApi: true) { HasSessionKey = true };

    private static readonly Dictionary<string, GatewayRoute> Table = new GatewayRoute[]
    {
        new("/health", Probe, Always, IsApi: false),
        new("/healthz", Probe, Always, IsApi: false),
        new("/ready", Probe, Always, IsApi: false),
        new("/readyz", Probe, Always, IsApi: false),
        new("/startup", Probe, Always, IsApi: false),
        new("/startupz", Probe, Always, IsApi: false),
        new("/v1/models", [HttpMethods.Get], ModelsEnabled, IsApi: true),
        new("/v1/chat/completions", [HttpMethods.Post], s => s.Config.Gateway.Http.ChatCompletionsEnabled, IsApi: true),
        new("/v1/responses", [HttpMethods.Post], s => s.Config.Gateway.Http.ResponsesEnabled, IsApi: true),
        new(Tools.ToolsInvokeEndpoints.Path, [HttpMethods.Post], Always, IsApi: true),
        new(OpenApiPath, [HttpMethods.Get], Always, IsApi: false),
        new(Telemetry.GatewayTelemetryServices.MetricsPath, [HttpMethods.Get], Always, IsApi: false) { Optional = true },
    }.ToDictionary(r => r.Path, StringComparer.Ordinal);

    /// <summary>The OpenAPI document of the HTTP surface (authenticated).</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    public static GatewayRoute? Match(PathString path) => path.Value switch
    {
        { } value when Table.TryGetValue(value, out var route) => route,
        { } value when value.StartsWith(OpenAi.ModelsEndpoints.ItemPrefix, StringComparison.Ordinal) => ModelItem,
        _ => Sessions.SessionRoutePath.ActionOf(path) switch
        {
            "history" => SessionHistory,
            "kill" => SessionKill,
            _ => null,
        },
    };

    private static bool Always(ConfigSnapshot snapshot) => true;

    /// <summary>Models are listed when either OpenAI-compatible endpoint is on (http-api.md §1.2 row 3).</summary>
    private static bool ModelsEnabled(ConfigSnapshot snapshot) =>
        snapshot.Config.Gateway.Http.ChatCompletionsEnabled || snapshot.Config.Gateway.Http.ResponsesEnabled;
}

namespace OpenClaw.Core.Logging;

/// <summary>
/// The one list of <c>[LoggerMessage]</c> event-id ranges: each area of the code logs with ids from its own range, so
/// an id names one message across the Core and Gateway assemblies. A test fails on a duplicate id or one outside the
/// range of its class's namespace; take the next free id of your area, or add an area here.
/// </summary>
/// <remarks>
/// <code>
/// | Ids       | Area                          | Namespaces                                                  |
/// |-----------|-------------------------------|-------------------------------------------------------------|
/// | 1000-1099 | Config file and reloads       | OpenClaw.Core.Configuration                                 |
/// | 2000-2099 | Agent runs                    | OpenClaw.Core.Runs                                          |
/// | 2100-2199 | Model providers (circuits)    | OpenClaw.Core.Providers                                     |
/// | 3000-3099 | Auth                          | OpenClaw.Gateway.Auth                                       |
/// | 4000-4099 | HTTP pipeline                 | OpenClaw.Gateway.Http                                       |
/// | 4200-4299 | Chat completions streaming    | OpenClaw.Gateway.OpenAi                                     |
/// | 4300-4399 | Memory reclaim                | OpenClaw.Gateway.Http                                       |
/// | 4400-4499 | Session history streams       | OpenClaw.Gateway.Sessions                                   |
/// | 4500-4599 | OpenResponses                 | OpenClaw.Gateway.OpenResponses                              |
/// | 4700-4799 | tools/invoke                  | OpenClaw.Gateway.Tools                                      |
/// | 5000-5099 | Hosting and startup           | OpenClaw.Gateway.Hosting                                    |
/// | 6000-6099 | WebSocket control plane       | OpenClaw.Gateway.WebSockets                                 |
/// | 7100-7199 | Media intake                  | OpenClaw.Gateway.Images, OpenClaw.Gateway.OpenResponses.Media |
/// </code>
/// The request log (Serilog's request logging middleware) writes Serilog events without an event id.
/// </remarks>
public static class LogEventAreas
{
    public static IReadOnlyList<LogEventArea> All { get; } =
    [
        new("Config file and reloads", 1000, 1099, ["OpenClaw.Core.Configuration"]),
        new("Agent runs", 2000, 2099, ["OpenClaw.Core.Runs"]),
        new("Model providers", 2100, 2199, ["OpenClaw.Core.Providers"]),
        new("Auth", 3000, 3099, ["OpenClaw.Gateway.Auth"]),
        new("HTTP pipeline", 4000, 4099, ["OpenClaw.Gateway.Http"]),
        new("Chat completions streaming", 4200, 4299, ["OpenClaw.Gateway.OpenAi"]),
        new("Memory reclaim", 4300, 4399, ["OpenClaw.Gateway.Http"]),
        new("Session history streams", 4400, 4499, ["OpenClaw.Gateway.Sessions"]),
        new("OpenResponses", 4500, 4599, ["OpenClaw.Gateway.OpenResponses"]),
        new("tools/invoke", 4700, 4799, ["OpenClaw.Gateway.Tools"]),
        new("Hosting and startup", 5000, 5099, ["OpenClaw.Gateway.Hosting"]),
        new("WebSocket control plane", 6000, 6099, ["OpenClaw.Gateway.WebSockets"]),
        new("Media intake", 7100, 7199, ["OpenClaw.Gateway.Images", "OpenClaw.Gateway.OpenResponses.Media"]),
    ];

    /// <summary>
    /// The areas a class of <paramref name="ns"/> may take ids from: those naming the longest matching namespace
    /// (<c>OpenClaw.Gateway.OpenResponses.Media</c> is media intake, not OpenResponses).
    /// </summary>
    public static IReadOnlyList<LogEventArea> For(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var matches = All
            .SelectMany(a => a.Namespaces.Where(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal)).Select(n => (Area: a, n.Length)))
            .ToList();
        if (matches.Count == 0)
        {
            return [];
        }

        var longest = matches.Max(m => m.Length);
        return [.. matches.Where(m => m.Length == longest).Select(m => m.Area)];
    }
}

/// <summary>One area of <see cref="LogEventAreas"/>: its ids run from <paramref name="First"/> to <paramref name="Last"/>.</summary>
public sealed record LogEventArea(string Name, int First, int Last, IReadOnlyList<string> Namespaces)
{
    public bool Contains(int id) => id >= First && id <= Last;
}

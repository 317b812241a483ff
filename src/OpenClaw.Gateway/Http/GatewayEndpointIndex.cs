using Microsoft.AspNetCore.Routing.Patterns;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// Matches a request path against the gateway's endpoints the way the original's router does (http-api.md §1.2):
/// exactly and case-sensitively, a trailing slash included, whatever the method. ASP.NET routing, which ignores case
/// and a trailing slash, picks the endpoint first; this index confirms it, or finds the right one, or says why there
/// is none (404, or 405 with the methods the path allows).
/// </summary>
internal sealed class GatewayEndpointIndex(EndpointDataSource endpoints)
{
    private IReadOnlyList<Route>? _routes;

    /// <summary>One mapped gateway endpoint.</summary>
    public readonly record struct Route(RouteEndpoint Endpoint, GatewayEndpoint Metadata, IReadOnlyList<string>? Methods)
    {
        public bool Allows(string method) =>
            Methods is null || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The endpoint for <paramref name="path"/> and <paramref name="method"/>: <paramref name="routed"/> when it matches
    /// exactly, else the first route that does. <paramref name="pathRoutes"/> is every route of the path (empty: 404).
    /// </summary>
    public Route? Find(Endpoint? routed, string path, string method, out IReadOnlyList<Route> pathRoutes)
    {
        if (routed is RouteEndpoint endpoint && endpoint.Metadata.GetMetadata<GatewayEndpoint>() is { } metadata
            && Matches(endpoint.RoutePattern, path))
        {
            pathRoutes = [];
            return new Route(endpoint, metadata, endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods);
        }

        var found = new List<Route>(2);
        foreach (var route in _routes ??= Build(endpoints))
        {
            if (Matches(route.Endpoint.RoutePattern, path))
            {
                found.Add(route);
            }
        }

        pathRoutes = found;
        var index = found.FindIndex(r => r.Allows(method));
        return index < 0 ? null : found[index];
    }

    /// <summary>
    /// Whether <paramref name="path"/> has the pattern's shape exactly: literal segments equal (ordinal), a parameter
    /// segment not empty, a catch-all taking the rest (an empty rest included), no segment more or less.
    /// </summary>
    public static bool Matches(RoutePattern pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (path is not ['/', ..])
        {
            return false;
        }

        var rest = path.AsSpan(1);
        var more = true;
        foreach (var segment in pattern.PathSegments)
        {
            if (!more)
            {
                return false;
            }

            if (segment.Parts is [RoutePatternParameterPart { IsCatchAll: true }])
            {
                return true;
            }

            var slash = rest.IndexOf('/');
            var text = slash < 0 ? rest : rest[..slash];
            var fits = segment.Parts switch
            {
                [RoutePatternLiteralPart literal] => text.SequenceEqual(literal.Content),
                [RoutePatternParameterPart] => !text.IsEmpty,
                _ => false,
            };
            if (!fits)
            {
                return false;
            }

            more = slash >= 0;
            rest = more ? rest[(slash + 1)..] : default;
        }

        return !more;
    }

    private static List<Route> Build(EndpointDataSource source)
    {
        var routes = new List<Route>();
        foreach (var endpoint in source.Endpoints)
        {
            if (endpoint is RouteEndpoint route && route.Metadata.GetMetadata<GatewayEndpoint>() is { } metadata)
            {
                routes.Add(new Route(route, metadata, route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods));
            }
        }

        return routes;
    }
}

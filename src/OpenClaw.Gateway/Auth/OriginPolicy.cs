namespace OpenClaw.Gateway.Auth;

/// <summary>
/// Which browser origins may talk to the gateway (http-api.md §3.3, gateway-protocol.md §3.4): one listed in
/// <c>gateway.controlUi.allowedOrigins</c>, or a loopback origin from a loopback client. A request without an
/// <c>Origin</c> header is not from a web page and is not judged here.
/// </summary>
internal static class OriginPolicy
{
    /// <summary>True when the request carries no <c>Origin</c> or an allowed one.</summary>
    public static bool Allows(HttpContext context, GatewayAuthSettings settings)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || settings.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return ClientAddress.IsLoopback(ClientAddress.Resolve(context, settings.TrustedProxies))
            && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
    }
}

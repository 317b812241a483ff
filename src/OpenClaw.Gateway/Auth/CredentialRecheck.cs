namespace OpenClaw.Gateway.Auth;

/// <summary>
/// Whether a long-lived request is still authorized under the auth settings in force now (a reload may have rotated
/// the secret or narrowed the allowed origins). Unlike authentication it has no side effects: it neither counts a
/// failure nor resets the failed-auth limiter.
/// </summary>
internal static class CredentialRecheck
{
    public static bool StillGrants(HttpContext context, GatewayAuthSettings settings, string scope)
    {
        if (settings.Mode == "none")
        {
            // Scopes come from the request's own x-openclaw-scopes, which cannot change; the origin rules can.
            return OriginPolicy.Allows(context, settings) && GatewayScopes.Has(context.User, scope);
        }

        // A shared-secret caller has every scope.
        return GatewayAuthenticationHandler.BearerCredential(context.Request) is { } credential && settings.Verify(credential);
    }
}

namespace OpenClaw.Gateway.Auth;

/// <summary>How a shared-secret check ended.</summary>
internal enum SharedSecretOutcome
{
    /// <summary>Auth mode <c>none</c>: no secret is asked for (the caller applies its own rules).</summary>
    Open,

    /// <summary>The credential matches: the caller is the owner, and the client's failures are forgotten.</summary>
    Accepted,

    /// <summary>The client is locked out after too many failures; nothing was checked or counted.</summary>
    Locked,

    /// <summary>No credential was presented; not counted as a failure.</summary>
    Missing,

    /// <summary>A wrong credential; counted against the client.</summary>
    Rejected,
}

/// <summary>The outcome, and for <see cref="SharedSecretOutcome.Locked"/> how long the lockout still runs.</summary>
internal readonly record struct SharedSecretResult(SharedSecretOutcome Outcome, TimeSpan RetryAfter = default);

/// <summary>
/// The shared-secret flow both HTTP bearer auth and the WebSocket <c>connect</c> use (http-api.md §3.3–3.4,
/// gateway-protocol.md §3.5): a locked client is refused before its credential is looked at, a missing credential is
/// not counted, a wrong one is recorded with the failed-auth limiter, a match resets it. Each surface words its own
/// refusal.
/// </summary>
internal sealed class SharedSecretAuthenticator(AuthFailureLimiter limiter)
{
    /// <summary>Checks <paramref name="credential"/>; null means none was presented.</summary>
    public SharedSecretResult Authenticate(HttpContext context, GatewayAuthSettings settings, string? credential) =>
        Authenticate(context, settings, credential, credential is null);

    /// <summary>
    /// Checks <paramref name="credential"/>, the one the mode asks for; <paramref name="nothingPresented"/> says the
    /// client sent no credential of any kind (a WebSocket client may send a token to a password gateway: that is a
    /// wrong credential, not a missing one).
    /// </summary>
    public SharedSecretResult Authenticate(HttpContext context, GatewayAuthSettings settings, string? credential, bool nothingPresented)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Mode == "none")
        {
            return new(SharedSecretOutcome.Open);
        }

        var client = ClientAddress.Resolve(context, settings.TrustedProxies);
        var key = ClientAddress.LimiterKey(client);
        var isLoopback = ClientAddress.IsLoopback(client);
        if (settings.RateLimit is { } rateLimit && limiter.IsLocked(key, rateLimit, isLoopback, out var retryAfter))
        {
            return new(SharedSecretOutcome.Locked, retryAfter);
        }

        if (nothingPresented)
        {
            return new(SharedSecretOutcome.Missing);
        }

        if (credential is null || !settings.Verify(credential))
        {
            if (settings.RateLimit is { } limits)
            {
                limiter.RecordFailure(key, limits, isLoopback);
            }

            return new(SharedSecretOutcome.Rejected);
        }

        if (settings.RateLimit is not null)
        {
            limiter.Reset(key);
        }

        return new(SharedSecretOutcome.Accepted);
    }
}

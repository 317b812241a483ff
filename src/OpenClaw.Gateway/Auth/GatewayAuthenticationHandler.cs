using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Auth;

/// <summary>
/// Bearer auth for the gateway's shared secret (http-api.md §3.2–3.4): a locked client gets 429, a missing
/// credential 401 without counting, a wrong one 401 and a recorded failure, a match resets the limiter.
/// </summary>
internal sealed class GatewayAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    GatewayAuthState authState,
    SharedSecretAuthenticator sharedSecret)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "OpenClawGateway";

    private static readonly object LockedKey = new();

    private static readonly OpenAiFailure Unauthorized = new(StatusCodes.Status401Unauthorized, new OpenAiError("Unauthorized", OpenAiErrorTypes.Unauthorized));
    private static readonly Claim[] AllScopeClaims = [.. GatewayScopes.All.Select(s => new Claim(GatewayScopes.ScopeClaim, s))];

    // A shared-secret caller is always the owner with every scope: one immutable principal serves every request.
    private static readonly ClaimsPrincipal SharedSecretOwner =
        new(new ClaimsIdentity([.. AllScopeClaims, new Claim(GatewayScopes.OwnerClaim, "true")], SchemeName));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = authState.Current;
        var result = sharedSecret.Authenticate(Context, settings, BearerCredential(Request));
        return Task.FromResult(result.Outcome switch
        {
            SharedSecretOutcome.Open => AuthenticateNone(settings),
            SharedSecretOutcome.Locked => Locked(result.RetryAfter),
            SharedSecretOutcome.Missing => AuthenticateResult.NoResult(),
            SharedSecretOutcome.Rejected => AuthenticateResult.Fail("invalid credential"),
            _ => AuthenticateResult.Success(new AuthenticationTicket(SharedSecretOwner, SchemeName)),
        });
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[LockedKey] is TimeSpan retryAfter)
        {
            return new OpenAiFailure(
                StatusCodes.Status429TooManyRequests,
                new OpenAiError("Too many failed authentication attempts. Please try again later.", OpenAiErrorTypes.RateLimited),
                retryAfter).ExecuteAsync(Context);
        }

        return Unauthorized.ExecuteAsync(Context);
    }

    /// <summary>The credential after a case-insensitive <c>Bearer </c> scheme, trimmed; null when absent or empty.</summary>
    public static string? BearerCredential(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count == 0 || header[0] is not { } value)
        {
            return null;
        }

        var trimmed = value.AsSpan().Trim();
        if (trimmed.Length < 7 || !trimmed[..7].Equals("bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var credential = trimmed[7..].Trim();
        return credential.IsEmpty ? null : credential.ToString();
    }

    private AuthenticateResult Locked(TimeSpan retryAfter)
    {
        Context.Items[LockedKey] = retryAfter;
        return AuthenticateResult.Fail("locked");
    }

    private AuthenticateResult AuthenticateNone(GatewayAuthSettings settings)
    {
        if (!OriginPolicy.Allows(Context, settings))
        {
            return AuthenticateResult.Fail("origin not allowed");
        }

        // Without a shared secret, scopes come from x-openclaw-scopes: absent means all, empty means none.
        var claims = new List<Claim>();
        if (!Request.Headers.TryGetValue("x-openclaw-scopes", out var header))
        {
            claims.AddRange(AllScopeClaims);
        }
        else
        {
            foreach (var scope in header.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                claims.Add(new Claim(GatewayScopes.ScopeClaim, scope));
            }
        }

        if (claims.Any(c => c.Value == GatewayScopes.Admin))
        {
            claims.Add(new Claim(GatewayScopes.OwnerClaim, "true"));
        }

        return Success(claims);
    }

    private AuthenticateResult Success(IEnumerable<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}

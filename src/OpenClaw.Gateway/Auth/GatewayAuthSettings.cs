using System.Security.Cryptography;
using System.Text;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.Auth;

/// <summary>The auth mode and secrets in force (http-api.md §3.1). Secrets are kept only as SHA-256 digests.</summary>
internal sealed class GatewayAuthSettings
{
    private static readonly string[] PlaceholderTokens = ["", "undefined", "null", "change-me-to-a-long-random-token", "change-me-now"];
    private const string PlaceholderPassword = "change-me-to-a-strong-password";

    private readonly byte[]? _tokenHash;
    private readonly byte[]? _passwordHash;

    private GatewayAuthSettings(string mode, string? token, string? password, AuthRateLimitConfig? rateLimit, IReadOnlyList<string> allowedOrigins, IReadOnlyList<string> trustedProxies)
    {
        Mode = mode;
        _tokenHash = token is null ? null : Hash(token);
        _passwordHash = password is null ? null : Hash(password);
        RateLimit = rateLimit;
        AllowedOrigins = allowedOrigins;
        TrustedProxies = trustedProxies;
    }

    /// <summary><c>none</c>, <c>token</c> or <c>password</c>.</summary>
    public string Mode { get; }

    public AuthRateLimitConfig? RateLimit { get; }

    public IReadOnlyList<string> AllowedOrigins { get; }

    public IReadOnlyList<string> TrustedProxies { get; }

    /// <summary>The startup mode: <c>--auth</c>, else <c>gateway.auth.mode</c>, else password when one resolves, else token.</summary>
    public static string ResolveMode(OpenClawConfig config, GatewayStartupOverrides overrides, IProcessEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        return overrides.Auth ?? config.Gateway.Auth.Mode ?? (ResolvePassword(config, overrides, environment) is not null ? "password" : "token");
    }

    /// <summary>
    /// Resolves and validates the secrets; throws <see cref="GatewayStartupException"/> for the refusals of §3.1, and
    /// for a secret below <see cref="SharedSecretStrength"/> when <paramref name="listener"/> reaches beyond loopback.
    /// </summary>
    public static GatewayAuthSettings Resolve(
        OpenClawConfig config, string mode, GatewayStartupOverrides overrides, IProcessEnvironment environment, GatewayListener? listener = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        var token = overrides.Token ?? NonEmpty(config.Gateway.Auth.Token) ?? NonEmpty(environment.Get("OPENCLAW_GATEWAY_TOKEN")?.Trim());
        var password = ResolvePassword(config, overrides, environment);
        switch (mode)
        {
            case "token" when token is null:
                throw new GatewayStartupException(
                    "gateway auth mode is token but no token is configured; set gateway.auth.token or OPENCLAW_GATEWAY_TOKEN, or pass --token");
            case "token" when PlaceholderTokens.Contains(token.Trim()):
                throw new GatewayStartupException($"refusing to start with the placeholder gateway token \"{token}\"; set a long random token");
            case "password" when password is null:
                throw new GatewayStartupException(
                    "gateway auth mode is password but no password is configured; set gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD, or pass --password");
            case "password" when password == PlaceholderPassword:
                throw new GatewayStartupException("refusing to start with the placeholder gateway password; set a strong password");
            case "token" or "password" when listener is { IsLoopbackOnly: false }
                && SharedSecretStrength.Weakness(mode, mode == "token" ? token! : password!, string.Join(", ", listener.Addresses)) is { } weakness:
                throw new GatewayStartupException(weakness);
            case "token" or "password" or "none":
                break;
            default:
                throw new GatewayStartupException($"unsupported gateway auth mode '{mode}' (use token, password or none)");
        }

        return new GatewayAuthSettings(mode, mode == "token" ? token : null, mode == "password" ? password : null, config.Gateway.Auth.RateLimit, config.Gateway.AllowedOrigins, config.Gateway.TrustedProxies);
    }

    /// <summary>Constant-time check of a presented credential against the mode's secret.</summary>
    public bool Verify(string credential)
    {
        var expected = Mode switch
        {
            "token" => _tokenHash,
            "password" => _passwordHash,
            _ => null,
        };
        return expected is not null && CryptographicOperations.FixedTimeEquals(Hash(credential), expected);
    }

    private static string? ResolvePassword(OpenClawConfig config, GatewayStartupOverrides overrides, IProcessEnvironment environment) =>
        overrides.Password ?? NonEmpty(config.Gateway.Auth.Password) ?? NonEmpty(environment.Get("OPENCLAW_GATEWAY_PASSWORD"));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

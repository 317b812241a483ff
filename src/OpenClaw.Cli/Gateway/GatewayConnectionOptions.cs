using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli.Gateway;

/// <summary>
/// <c>--url</c>, <c>--token</c>, <c>--password</c> and <c>--timeout</c> (ms) of the commands that talk to a gateway,
/// and how they resolve (agent-runtime.md §8.1).
/// </summary>
internal sealed class GatewayConnectionOptions
{
    public GatewayConnectionOptions(int defaultTimeoutMs, bool withTimeout = true)
    {
        DefaultTimeoutMs = defaultTimeoutMs;
        Timeout = withTimeout ? new Option<int?>("--timeout") { Description = $"Milliseconds to wait for the gateway (default {defaultTimeoutMs})" } : null;
    }

    public Option<string?> Url { get; } = new("--url") { Description = "Gateway WebSocket URL (default: ws://127.0.0.1:<gateway.port>, wss:// when gateway.tls.enabled)" };

    public Option<string?> Token { get; } = new("--token") { Description = "Gateway token (default: OPENCLAW_GATEWAY_TOKEN, then gateway.auth.token)" };

    public Option<string?> Password { get; } = new("--password") { Description = "Gateway password (default: OPENCLAW_GATEWAY_PASSWORD, then gateway.auth.password)" };

    public Option<int?>? Timeout { get; }

    public int DefaultTimeoutMs { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Password);
        if (Timeout is not null)
        {
            command.Options.Add(Timeout);
        }
    }

    public TimeSpan TimeoutOf(ParseResult parse) =>
        TimeSpan.FromMilliseconds(Timeout is not null && parse.GetValue(Timeout) is { } ms and > 0 ? ms : DefaultTimeoutMs);

    /// <summary>Where to connect and with which secret; refuses an explicit URL without an explicit credential (T#94).</summary>
    public GatewayTarget Resolve(ParseResult parse, CliContext context)
    {
        var snapshot = context.LoadConfig(parse);
        var env = context.Environment;
        var explicitUrl = parse.GetValue(Url) ?? NonEmpty(env.Get("OPENCLAW_GATEWAY_URL"));
        var token = parse.GetValue(Token) ?? NonEmpty(env.Get("OPENCLAW_GATEWAY_TOKEN"));
        var password = parse.GetValue(Password) ?? NonEmpty(env.Get("OPENCLAW_GATEWAY_PASSWORD"));
        var gateway = snapshot.Config.Raw["gateway"] as JsonObject;
        var remote = gateway?["remote"] as JsonObject;
        var isRemote = snapshot.Config.Gateway.Mode == "remote";

        string url;
        string? tlsFingerprint = null;
        if (explicitUrl is not null)
        {
            if (token is null && password is null)
            {
                throw new CliException(
                    "gateway url override requires explicit credentials\n" +
                    "Fix: pass --token or --password with --url (or set OPENCLAW_GATEWAY_TOKEN).\n" +
                    "For the default local or SSH-tunneled Gateway, remove --url to use the configured target.\n" +
                    $"Config: {snapshot.Paths.ConfigPath}");
            }

            url = explicitUrl;
        }
        else if (isRemote && remote?["url"]?.GetValue<string>() is { Length: > 0 } remoteUrl)
        {
            url = remoteUrl;
            tlsFingerprint = GatewayTlsPin.Parse(remote["tlsFingerprint"]?.GetValue<string>(), "gateway.remote.tlsFingerprint");
            token ??= remote["token"]?.GetValue<string>();
            password ??= remote["password"]?.GetValue<string>();
        }
        else
        {
            var port = int.TryParse(env.Get("OPENCLAW_GATEWAY_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var envPort) ? envPort
                : snapshot.Config.Gateway.Port ?? CliContext.DefaultPort(parse.GetValue(context.Dev));
            // With gateway.tls on, the local gateway speaks WSS with its own certificate: pin that file's certificate.
            var tls = snapshot.Config.Gateway.Tls;
            url = $"{(tls.Enabled ? "wss" : "ws")}://127.0.0.1:{port}";
            tlsFingerprint = tls.Enabled ? GatewayTlsPin.OfCertificateFile(tls.CertFile(snapshot.Paths.StateDir)) : null;
            token ??= snapshot.Config.Gateway.Auth.Token;
            password ??= snapshot.Config.Gateway.Auth.Password;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            throw new CliException($"invalid gateway url \"{url}\": expected ws://host:port or wss://host:port", 2);
        }

        return new GatewayTarget(uri, new GatewayCredentials(token, password), explicitUrl is not null, snapshot) { TlsFingerprint = tlsFingerprint };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// A resolved gateway: its URL, the secret, whether the user named the URL, and the local config; for <c>wss://</c>,
/// optionally the SHA-256 fingerprint (upper-case hex) its certificate must have instead of a trusted chain.
/// </summary>
internal sealed record GatewayTarget(Uri Url, GatewayCredentials Credentials, bool ExplicitUrl, ConfigSnapshot Config)
{
    public string? TlsFingerprint { get; init; }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// The <c>connect</c> request (gateway-protocol.md §3.2–3.5): parameter and protocol checks, origin check for
/// browser clients, shared-secret auth with the HTTP limiter, then <c>hello-ok</c>. Every refusal is an error
/// response followed by a close whose reason is the message.
/// </summary>
internal sealed class ConnectHandshake(GatewayAuthState authState, AuthFailureLimiter limiter, HelloBuilder hello)
{
    public async Task ConnectAsync(HttpContext context, SocketConnection connection, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (!SocketRequest.TryParse(frame.Span, out var request, out var id) || request.Method != "connect")
        {
            Refuse(connection, id ?? "invalid", SocketRequestException.Invalid("invalid handshake: first request must be connect"), SocketCloseCodes.PolicyViolation);
            return;
        }

        ConnectParams parameters;
        try
        {
            parameters = ConnectParams.Parse(request.Params);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape somewhere in the params: readable JSON, unreadable text.
            Refuse(connection, request.Id, SocketRequestException.Invalid("invalid connect params: strings must be valid UTF-16"), SocketCloseCodes.PolicyViolation);
            return;
        }
        catch (SocketRequestException error)
        {
            var code = error.Details?["expectedProtocol"] is not null ? SocketCloseCodes.ProtocolError : SocketCloseCodes.PolicyViolation;
            Refuse(connection, request.Id, error, code);
            return;
        }

        var settings = authState.Current;
        if (SocketProtocol.BrowserClientIds.Contains(parameters.ClientId) && !IsAllowedOrigin(context, settings))
        {
            Refuse(connection, request.Id, SocketRequestException.Invalid("origin not allowed"), SocketCloseCodes.PolicyViolation);
            return;
        }

        if (Authenticate(context, settings, parameters) is { } refusal)
        {
            Refuse(connection, request.Id, refusal, SocketCloseCodes.PolicyViolation);
            return;
        }

        var scopes = parameters.Scopes.Count > 0 ? parameters.Scopes : GatewayScopes.All;
        var session = new SocketSession(
            parameters.Protocol, parameters.ClientId, parameters.ClientMode, new HashSet<string>(scopes, StringComparer.Ordinal),
            parameters.Caps.Contains("tool-events"), settings.Mode);
        var payload = await hello.BuildAsync(connection.ConnId, session, scopes, cancellationToken);

        // The session is set only after hello-ok is queued: a broadcast racing the handshake is skipped for this
        // socket rather than sent ahead of hello-ok.
        connection.SendFrame(SocketFrames.Response(request.Id, payload));
        connection.Session = session;
    }

    private static void Refuse(SocketConnection connection, string id, SocketRequestException error, int closeCode)
    {
        connection.SendFrame(SocketFrames.Error(id, error));
        connection.Close(closeCode, error.Message);
    }

    private SocketRequestException? Authenticate(HttpContext context, GatewayAuthSettings settings, ConnectParams parameters)
    {
        if (settings.Mode == "none")
        {
            return null;
        }

        var client = ClientAddress.Resolve(context, settings.TrustedProxies);
        var key = ClientAddress.Key(client);
        var isLoopback = ClientAddress.IsLoopback(client);
        if (settings.RateLimit is { } rateLimit && limiter.IsLocked(key, rateLimit, isLoopback, out var retryAfter))
        {
            return new SocketRequestException(SocketErrorCodes.RateLimited, "unauthorized: too many failed authentication attempts")
            {
                Retryable = true,
                RetryAfterMs = (long)Math.Ceiling(retryAfter.TotalMilliseconds),
            };
        }

        var presented = settings.Mode == "password" ? parameters.Password : parameters.Token;
        if (parameters.Token is null && parameters.Password is null)
        {
            return new SocketRequestException(SocketErrorCodes.NotPaired, "device identity required", new JsonObject { ["code"] = "DEVICE_IDENTITY_REQUIRED" });
        }

        if (presented is null || !settings.Verify(presented))
        {
            if (settings.RateLimit is { } limits)
            {
                limiter.RecordFailure(key, limits, isLoopback);
            }

            return Mismatch(settings.Mode);
        }

        if (settings.RateLimit is not null)
        {
            limiter.Reset(key);
        }

        return null;
    }

    private static SocketRequestException Mismatch(string mode)
    {
        var (what, code, reason) = mode == "password"
            ? ("password", "AUTH_PASSWORD_MISMATCH", "password_mismatch")
            : ("token", "AUTH_TOKEN_MISMATCH", "token_mismatch");
        return SocketRequestException.Invalid(
            $"unauthorized: gateway {what} mismatch (use this gateway's gateway.auth.{what} or pair the device)",
            new JsonObject
            {
                ["code"] = code,
                ["authReason"] = reason,
                ["canRetryWithDeviceToken"] = false,
                ["recommendedNextStep"] = "update_auth_credentials",
            });
    }

    /// <summary>No Origin (a non-browser client) passes; else it must be allowed, or loopback from a loopback peer (§3.4).</summary>
    private static bool IsAllowedOrigin(HttpContext context, GatewayAuthSettings settings)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || settings.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var fromLoopback = ClientAddress.IsLoopback(ClientAddress.Resolve(context, settings.TrustedProxies));
        return fromLoopback && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The parts of <c>ConnectParams</c> we act on; the rest is accepted and ignored (§3.2).</summary>
internal sealed record ConnectParams(int Protocol, string ClientId, string ClientMode, IReadOnlyList<string> Scopes, IReadOnlyList<string> Caps, string? Token, string? Password)
{
    public static ConnectParams Parse(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } p)
        {
            throw Invalid("must be object");
        }

        var min = Integer(p, "minProtocol");
        var max = Integer(p, "maxProtocol");
        if (!p.TryGetProperty("client", out var client) || client.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("must have required property 'client'");
        }

        var clientId = RequiredString(client, "id", "/client");
        var version = RequiredString(client, "version", "/client");
        var platform = RequiredString(client, "platform", "/client");
        var mode = RequiredString(client, "mode", "/client");
        _ = (version, platform);
        if (!SocketProtocol.ClientIds.Contains(clientId))
        {
            throw Invalid("/client/id must be equal to one of the allowed values");
        }

        if (!SocketProtocol.ClientModes.Contains(mode))
        {
            throw Invalid("/client/mode must be equal to one of the allowed values");
        }

        if (p.TryGetProperty("role", out var role))
        {
            if (role.ValueKind != JsonValueKind.String)
            {
                throw Invalid("/role must be string");
            }

            if (role.GetString() != "operator")
            {
                throw SocketRequestException.Invalid("invalid role");
            }
        }

        var scopes = StringArray(p, "scopes");
        var caps = StringArray(p, "caps");
        string? token = null;
        string? password = null;
        if (p.TryGetProperty("auth", out var auth) && auth.ValueKind != JsonValueKind.Null)
        {
            if (auth.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("/auth must be object");
            }

            token = OptionalString(auth, "token", "/auth");
            password = OptionalString(auth, "password", "/auth");
        }

        var negotiated = Math.Min(max, SocketProtocol.Version);
        if (negotiated < Math.Max(min, SocketProtocol.OldestVersion))
        {
            throw SocketRequestException.Invalid("protocol mismatch", new JsonObject { ["expectedProtocol"] = SocketProtocol.Version });
        }

        return new ConnectParams(negotiated, clientId, mode, scopes, caps, token is { Length: > 0 } ? token : null, password is { Length: > 0 } ? password : null);
    }

    private static SocketRequestException Invalid(string detail) => SocketRequestException.Invalid("invalid connect params: " + detail);

    private static int Integer(JsonElement p, string name)
    {
        if (!p.TryGetProperty(name, out var value))
        {
            throw Invalid($"must have required property '{name}'");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw Invalid($"/{name} must be integer");
        }

        return number;
    }

    private static string RequiredString(JsonElement p, string name, string path) =>
        OptionalString(p, name, path) ?? throw Invalid(path.Length == 0 ? $"must have required property '{name}'" : $"{path} must have required property '{name}'");

    private static string? OptionalString(JsonElement p, string name, string path)
    {
        if (!p.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"{path}/{name} must be string");
    }

    private static List<string> StringArray(JsonElement p, string name)
    {
        if (!p.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw Invalid($"/{name} must be array of strings");
        }

        return [.. value.EnumerateArray().Select(item => item.GetString()!)];
    }
}

using System.Text.Json.Nodes;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// The <c>connect</c> request (gateway-protocol.md §3.2–3.5): parameter and protocol checks, the origin check (for
/// every client, an <b>[extension]</b> of §3.4), shared-secret auth with the HTTP limiter, then <c>hello-ok</c>. Every
/// refusal is an error response followed by a close whose reason is the message.
/// </summary>
internal sealed class ConnectHandshake(GatewayAuthState authState, SharedSecretAuthenticator sharedSecret, HelloBuilder hello)
{
    public async Task ConnectAsync(
        HttpContext context, SocketConnection connection, SocketAdmission.Ticket ticket, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (!SocketRequest.TryParse(frame.Span, out var request, out var id) || request.Method != "connect")
        {
            Refuse(connection, id ?? "invalid", SocketRequestException.Invalid("invalid handshake: first request must be connect"), SocketCloseCodes.PolicyViolation);
            return;
        }

        ConnectParams parameters;
        try
        {
            parameters = request.ParamsFault is { } fault
                ? throw SocketRequestException.Invalid("invalid connect params: " + fault)
                : ConnectParams.Parse(request.Params);
        }
        catch (SocketRequestException error)
        {
            var code = error.Details?["expectedProtocol"] is not null ? SocketCloseCodes.ProtocolError : SocketCloseCodes.PolicyViolation;
            Refuse(connection, request.Id, error, code);
            return;
        }

        var settings = authState.Current;
        // Every page a user visits can open a WebSocket to loopback, and a page can claim any client id: a request
        // that carries an Origin is judged by it, whatever it says it is.
        if (!OriginPolicy.Allows(context, settings))
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

        // No longer pre-auth before the client can know it: a client that opens its next socket on hello-ok finds room.
        ticket.Authenticated();

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
        var presented = settings.Mode == "password" ? parameters.Password : parameters.Token;
        var result = sharedSecret.Authenticate(context, settings, presented, nothingPresented: parameters.Token is null && parameters.Password is null);
        return result.Outcome switch
        {
            SharedSecretOutcome.Locked => new SocketRequestException(SocketErrorCodes.RateLimited, "unauthorized: too many failed authentication attempts")
            {
                Retryable = true,
                RetryAfterMs = (long)Math.Ceiling(result.RetryAfter.TotalMilliseconds),
            },
            SharedSecretOutcome.Missing => new SocketRequestException(
                SocketErrorCodes.NotPaired, "device identity required", new JsonObject { ["code"] = "DEVICE_IDENTITY_REQUIRED" }),
            SharedSecretOutcome.Rejected => Mismatch(settings.Mode),
            _ => null,
        };
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
}

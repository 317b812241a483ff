using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Json;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Runs the control-plane protocol on an accepted WebSocket (gateway-protocol.md §1, §3, §4.1): the challenge, the
/// handshake under its deadline and size limit, then requests dispatched concurrently.
/// </summary>
internal sealed partial class GatewaySocketHandler(
    IOptions<GatewaySocketOptions> options,
    SocketHub hub,
    ConnectHandshake handshake,
    SocketRpcDispatcher dispatcher,
    SocketAdmission admission,
    GatewayAuthState authState,
    TimeProvider time,
    Telemetry.HostMetrics metrics,
    ILogger<GatewaySocketHandler> logger)
{
    private const int RetainedBufferBytes = 1024 * 1024;
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromMinutes(1);

    private long _lastRefusalLog = long.MinValue;

    public async Task HandleAsync(HttpContext context)
    {
        var settings = options.Value;
        var client = ClientAddress.Resolve(context, authState.Current.TrustedProxies);
        using var ticket = admission.TryAdmit(settings, ClientAddress.IsLoopback(client) ? null : ClientAddress.LimiterKey(client), out var refusal);
        if (ticket is null)
        {
            // Refused before the upgrade: a full gateway spends nothing on the socket.
            LogRefusal(refusal);
            await new OpenAiFailure(
                StatusCodes.Status503ServiceUnavailable,
                new OpenAiError(refusal, OpenAiErrorTypes.ServiceUnavailable, "too_many_connections"),
                TimeSpan.FromSeconds(1)).ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.FromSeconds(settings.KeepAliveSeconds),
        });
        using var counted = metrics.WebSocketOpened();
        var connection = new SocketConnection(socket, settings, logger);
        hub.Add(connection);
        try
        {
            await connection.RunAsync(ct => ReceiveAsync(context, connection, ticket, settings, ct), context.RequestAborted);
        }
        finally
        {
            hub.Remove(connection);
        }
    }

    private async Task ReceiveAsync(
        HttpContext context, SocketConnection connection, SocketAdmission.Ticket ticket, GatewaySocketOptions settings, CancellationToken cancellationToken)
    {
        var challenge = new JsonObject
        {
            ["nonce"] = Guid.NewGuid().ToString(),
            ["ts"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
            ["capabilities"] = new JsonArray("model-catalog-snapshot"),
        };
        connection.SendUnsequencedEvent("connect.challenge", SocketFrames.Payload(challenge));

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(settings.HandshakeTimeoutMilliseconds), time);
        using var onDeadline = deadline.Token.Register(() =>
        {
            if (connection.Session is null)
            {
                connection.Close(SocketCloseCodes.PolicyViolation, "handshake timeout");
            }
        });

        var message = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var limit = connection.Session is null ? settings.MaxHandshakePayloadBytes : settings.MaxPayloadBytes;
            if (!await connection.ReceiveMessageAsync(message, limit, cancellationToken))
            {
                return;
            }

            if (connection.Closed.IsCancellationRequested)
            {
                // A refused handshake or a close in progress: frames still arriving are ignored.
                continue;
            }

            if (connection.Session is null)
            {
                await handshake.ConnectAsync(context, connection, ticket, message.WrittenMemory, cancellationToken);
            }
            else
            {
                Dispatch(connection, message.WrittenSpan, settings);
            }

            if (message.Capacity > RetainedBufferBytes)
            {
                message = new ArrayBufferWriter<byte>(4096);
            }
        }
    }

    /// <summary>Parses a request frame and hands it to the dispatcher without waiting: requests may run concurrently.</summary>
    private void Dispatch(SocketConnection connection, ReadOnlySpan<byte> frame, GatewaySocketOptions settings)
    {
        if (!SocketRequest.TryParse(frame, out var request, out var id))
        {
            connection.SendFrame(SocketFrames.Error(id ?? "invalid", SocketRequestException.Invalid("invalid request frame")));
            return;
        }

        // Only this receive loop adds requests, so the check cannot race another one in.
        if (connection.InFlight >= settings.MaxInFlightRequestsPerConnection)
        {
            connection.SendFrame(SocketFrames.Error(request.Id, new SocketRequestException(
                SocketErrorCodes.Unavailable,
                $"too many requests in flight on this connection (limit {settings.MaxInFlightRequestsPerConnection}); wait for a response before sending more")
            {
                Retryable = true,
            }));
            return;
        }

        connection.EnterRequest();
        _ = RunAsync(connection, request);
    }

    /// <summary>A flood is logged once a minute, not once per refused socket.</summary>
    private void LogRefusal(string refusal)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastRefusalLog);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= RefusalLogInterval)
            && Interlocked.CompareExchange(ref _lastRefusalLog, now, last) == last)
        {
            Log.ConnectionRefused(logger, refusal);
        }
    }

    private async Task RunAsync(SocketConnection connection, SocketRequest request)
    {
        byte[]? response = null;
        using var activity = Telemetry.SocketRequestTracing.Start(request.Method);
        try
        {
            response = await dispatcher.HandleAsync(connection, request);
        }
        catch (Exception ex)
        {
            Log.DispatchFailed(logger, ex, request.Method);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
        }
        finally
        {
            connection.LeaveRequest(response);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6010, EventName = "SocketDispatchFailed", Level = LogLevel.Error, Message = "WebSocket request {Method} failed")]
        public static partial void DispatchFailed(ILogger logger, Exception exception, string method);

        [LoggerMessage(EventId = 6011, EventName = "SocketConnectionRefused", Level = LogLevel.Warning, Message = "WebSocket connection refused: {Reason} (further refusals within a minute are not logged)")]
        public static partial void ConnectionRefused(ILogger logger, string reason);
    }
}

/// <summary>
/// A parsed <c>req</c> frame; <see cref="Params"/> is detached from the receive buffer. <see cref="ParamsFault"/> is
/// set when a property name in the params is not valid text: such params cannot be looked up without throwing, so
/// the request is answered <c>INVALID_REQUEST</c> before any handler reads them.
/// </summary>
internal sealed record SocketRequest(string Id, string Method, JsonElement? Params)
{
    public const string InvalidNames = $"property names must be valid text ({JsonText.Fault})";

    public string? ParamsFault { get; init; }

    /// <summary>
    /// Accepts exactly <c>{"type":"req","id":"…","method":"…","params"?:…}</c> (frames.ts has no extra keys);
    /// <paramref name="id"/> is the frame's id when one could be read, for the error response.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out SocketRequest request, out string? id)
    {
        request = null!;
        id = null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(frame);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                // Exactly one JSON value per frame: trailing content makes it invalid.
                document.Dispose();
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            return TryRead(document.RootElement, out request, out id);
        }
    }

    private static bool TryRead(JsonElement root, out SocketRequest request, out string? id)
    {
        request = null!;
        id = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // Names that are not valid text first: a lookup passing one would throw.
        var knownKeys = true;
        foreach (var property in root.EnumerateObject())
        {
            if (!JsonText.IsValidName(property))
            {
                return false;
            }

            knownKeys &= IsKey(property);
        }

        if (root.TryGetProperty("id", out var idElement) && JsonText.TryGetString(idElement, out var readId) && readId.Length > 0)
        {
            id = readId;
        }

        if (!knownKeys)
        {
            return false;
        }

        if (!root.TryGetProperty("type", out var type) || !JsonText.ValueEquals(type, "req"u8)
            || id is null
            || !root.TryGetProperty("method", out var method) || !JsonText.TryGetString(method, out var name) || name.Length == 0)
        {
            return false;
        }

        JsonElement? parameters = root.TryGetProperty("params", out var p) ? p.Clone() : null;
        request = new SocketRequest(id, name, parameters)
        {
            ParamsFault = parameters is { } value && JsonText.FindInvalidPropertyName(value) is not null ? InvalidNames : null,
        };
        return true;
    }

    /// <summary>One of the frame's four keys; only called once the name is known to be valid text (else it throws).</summary>
    private static bool IsKey(JsonProperty property) =>
        property.NameEquals("type"u8) || property.NameEquals("id"u8) || property.NameEquals("method"u8) || property.NameEquals("params"u8);
}

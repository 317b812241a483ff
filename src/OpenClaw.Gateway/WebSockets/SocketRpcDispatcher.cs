using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>A method handler: returns the <c>ok</c> payload, or throws <see cref="SocketRequestException"/>.</summary>
internal delegate Task<JsonNode?> SocketMethod(SocketCall call);

/// <summary>A group of methods (one class per area) that adds itself to the table.</summary>
internal interface ISocketMethods
{
    void Register(SocketMethodTable table);
}

/// <summary>One request being handled: its params (an empty object when absent) and a way to answer early.</summary>
internal sealed record SocketCall(SocketConnection Connection, SocketRequest Request)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public SocketParams Params => new(Request.Method, Request.Params ?? EmptyObject);

    /// <summary>True once the method answered through <see cref="Respond"/>; it then returns null unless it has more to say.</summary>
    public bool Responded { get; private set; }

    /// <summary>
    /// Sends an <c>ok</c> response now: the first of <c>agent</c>'s two responses, or <c>chat.send</c>'s only one, queued
    /// before the run they start can publish events.
    /// </summary>
    public void Respond(JsonNode payload)
    {
        Responded = true;
        Connection.SendFrame(SocketFrames.Response(Request.Id, payload));
    }
}

/// <summary>Method name → required scope and handler, in registration order (that order is <c>features.methods</c>).</summary>
internal sealed class SocketMethodTable
{
    private readonly Dictionary<string, (string Scope, SocketMethod Handler)> _methods = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public IReadOnlyList<string> Names => _order;

    public void Add(string name, string scope, SocketMethod handler)
    {
        _methods.Add(name, (scope, handler));
        _order.Add(name);
    }

    public bool TryGet(string name, out (string Scope, SocketMethod Handler) method) => _methods.TryGetValue(name, out method);
}

/// <summary>
/// Routes requests after the handshake (gateway-protocol.md §4.1): drain guard, <c>already connected</c>, unknown
/// method, scope check before params, then the handler; a handler crash is <c>UNAVAILABLE</c> without details.
/// </summary>
internal sealed partial class SocketRpcDispatcher
{
    private readonly SocketMethodTable _table = new();
    private readonly SocketHub _hub;
    private readonly ILogger<SocketRpcDispatcher> _logger;

    public SocketRpcDispatcher(IEnumerable<ISocketMethods> groups, SocketHub hub, ILogger<SocketRpcDispatcher> logger)
    {
        _table.Add("connect", GatewayScopes.Read, _ => throw SocketRequestException.Invalid("already connected"));
        foreach (var group in groups)
        {
            group.Register(_table);
        }

        _hub = hub;
        _logger = logger;
    }

    /// <summary>The methods we implement, <c>connect</c> included.</summary>
    public IReadOnlyList<string> Methods => _table.Names;

    /// <summary>Handles one request; returns its final response frame (null when the socket is gone and nobody is left to answer).</summary>
    public async Task<byte[]?> HandleAsync(SocketConnection connection, SocketRequest request)
    {
        var session = connection.Session!;
        try
        {
            if (_hub.Draining)
            {
                throw new SocketRequestException(SocketErrorCodes.Unavailable, "gateway is shutting down") { Retryable = true };
            }

            if (!_table.TryGet(request.Method, out var method))
            {
                throw SocketRequestException.Invalid($"unknown method: {request.Method}");
            }

            if (request.Method != "connect" && !session.Has(method.Scope))
            {
                throw SocketRequestException.Invalid($"missing scope: {method.Scope}");
            }

            if (request.ParamsFault is { } fault)
            {
                throw SocketRequestException.Invalid($"invalid {request.Method} params: {fault}");
            }

            var call = new SocketCall(connection, request);
            var payload = await method.Handler(call);
            return payload is not null || !call.Responded ? SocketFrames.Response(request.Id, payload) : null;
        }
        catch (SocketRequestException error)
        {
            return SocketFrames.Error(request.Id, error, error.Payload);
        }
        catch (OperationCanceledException) when (connection.Closed.IsCancellationRequested)
        {
            // The socket is gone or closing: nobody is left to answer.
            return null;
        }
        catch (Exception ex)
        {
            Log.MethodFailed(_logger, ex, request.Method);
            return SocketFrames.Error(request.Id, new SocketRequestException(SocketErrorCodes.Unavailable, $"{request.Method} failed"));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6030, EventName = "SocketMethodFailed", Level = LogLevel.Error, Message = "WebSocket method {Method} failed")]
        public static partial void MethodFailed(ILogger logger, Exception exception, string method);
    }
}

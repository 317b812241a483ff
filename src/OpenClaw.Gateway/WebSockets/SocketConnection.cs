using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// One control-plane socket: a receive loop, and one outbound queue drained by a single writer loop, since
/// <see cref="WebSocket.SendAsync(ArraySegment{byte}, WebSocketMessageType, bool, CancellationToken)"/> must not run
/// concurrently (gateway-protocol.md §1). Events get a per-connection <c>seq</c> at enqueue time, so the order on the
/// wire is the order of the numbers.
/// </summary>
internal sealed partial class SocketConnection
{

    private readonly WebSocket _socket;
    private readonly GatewaySocketOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _closed = new();
    private long _seq;
    private long _buffered;
    private bool _closing;
    private volatile bool _discard;
    private int _inFlight;

    public SocketConnection(WebSocket socket, GatewaySocketOptions options, ILogger logger)
    {
        _socket = socket;
        _options = options;
        _logger = logger;
    }

    public string ConnId { get; } = Guid.NewGuid().ToString();

    /// <summary>Set once <c>connect</c> succeeded; only then does the socket receive broadcast events.</summary>
    public SocketSession? Session { get; set; }

    /// <summary>Fires when the socket is closing or closed (ends waits tied to this connection).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Requests not answered yet (capped per connection; the shutdown drain waits for them).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void EnterRequest() => Interlocked.Increment(ref _inFlight);

    /// <summary>
    /// Ends a request and queues its final response (if any) in one step: a client that waits for the answer before
    /// sending more is never refused by the in-flight cap, and the drain cannot close the socket between the two.
    /// </summary>
    public void LeaveRequest(byte[]? finalResponse)
    {
        lock (_sendLock)
        {
            Interlocked.Decrement(ref _inFlight);
            if (finalResponse is not null)
            {
                SendFrame(finalResponse);
            }
        }
    }

    /// <summary>Queues a response (never dropped; a socket that cannot take it is closed as a slow consumer).</summary>
    public void SendFrame(byte[] frame) => Enqueue(frame, droppable: false, sequenced: false, _ => frame);

    /// <summary>Queues an event with the next <c>seq</c>; a droppable one is skipped (without a number) when the buffer is full.</summary>
    public void SendEvent(string name, byte[] payloadJson, bool droppable, System.Text.Json.Nodes.JsonNode? stateVersion = null) =>
        Enqueue(null, droppable, sequenced: true, seq => SocketFrames.Event(name, payloadJson, seq, stateVersion));

    /// <summary>An event without <c>seq</c> (only <c>connect.challenge</c>).</summary>
    public void SendUnsequencedEvent(string name, byte[] payloadJson)
    {
        var frame = SocketFrames.Event(name, payloadJson, 0);
        Enqueue(frame, droppable: false, sequenced: false, _ => frame);
    }

    /// <summary>Sends what is queued, then the close frame; later frames are discarded.</summary>
    public void Close(int code, string reason)
    {
        lock (_sendLock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            _outbound.Writer.TryWrite(new Outbound(null, 0, (WebSocketCloseStatus)code, Truncate(reason)));
            _outbound.Writer.TryComplete();
        }

        _closed.Cancel();
    }

    /// <summary>Runs the writer loop and <paramref name="receive"/> until the socket is closed.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> receive, CancellationToken aborted)
    {
        var writer = WriteLoopAsync(aborted);
        try
        {
            await receive(aborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer vanished or the request was aborted: nothing left to say.
        }
        catch (Exception ex)
        {
            Log.SocketFailed(_logger, ex, ConnId);
            Close(SocketCloseCodes.ServerError, "internal error");
        }

        // The receive side is done: make sure the writer finishes (a peer-initiated close is answered in kind).
        Close(_socket.CloseStatus is { } status ? (int)status : SocketCloseCodes.Normal, "");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.CloseHandshakeTimeoutMilliseconds));
        try
        {
            await writer.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _socket.Abort();
        }
    }

    /// <summary>Reads one whole message into <paramref name="message"/>; false when the socket closed or it was refused.</summary>
    public async Task<bool> ReceiveMessageAsync(ArrayBufferWriter<byte> message, int limit, CancellationToken cancellationToken)
    {
        message.ResetWrittenCount();
        while (true)
        {
            var memory = message.GetMemory(4096);
            var result = await _socket.ReceiveAsync(memory, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return false;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                Close(SocketCloseCodes.Unsupported, "binary frames are not supported");
                return false;
            }

            message.Advance(result.Count);
            if (message.WrittenCount > limit)
            {
                Close(SocketCloseCodes.TooBig, "frame too large");
                return false;
            }

            if (result.EndOfMessage)
            {
                return true;
            }
        }
    }

    private void Enqueue(byte[]? ready, bool droppable, bool sequenced, Func<long, byte[]> build)
    {
        lock (_sendLock)
        {
            if (_closing)
            {
                return;
            }

            var seq = sequenced ? _seq + 1 : 0;
            var frame = ready ?? build(seq);
            if (Interlocked.Read(ref _buffered) + frame.Length > _options.MaxBufferedBytes)
            {
                if (droppable)
                {
                    return;
                }

                // What is queued will never be read in time: skip it, send the close, and abort if even that is stuck.
                Log.SlowConsumer(_logger, ConnId, Interlocked.Read(ref _buffered));
                _closing = true;
                _discard = true;
                _outbound.Writer.TryWrite(new Outbound(null, 0, WebSocketCloseStatus.PolicyViolation, "slow consumer"));
                _outbound.Writer.TryComplete();
                _closed.Cancel();
                _ = Task.Delay(TimeSpan.FromMilliseconds(_options.CloseHandshakeTimeoutMilliseconds)).ContinueWith(_ => _socket.Abort(), TaskScheduler.Default);
                return;
            }

            if (sequenced)
            {
                _seq = seq;
            }

            Interlocked.Add(ref _buffered, frame.Length);
            _outbound.Writer.TryWrite(new Outbound(frame, frame.Length, null, null));
        }
    }

    private async Task WriteLoopAsync(CancellationToken aborted)
    {
        try
        {
            await foreach (var item in _outbound.Reader.ReadAllAsync(aborted))
            {
                if (item.Frame is { } frame)
                {
                    if (_discard)
                    {
                        continue;
                    }

                    await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, aborted);
                    Interlocked.Add(ref _buffered, -item.Size);
                    continue;
                }

                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(item.CloseStatus!.Value, item.CloseReason, aborted);
                }

                // A peer that never answers the close must not keep the connection (and its receive loop) alive.
                _ = Task.Delay(TimeSpan.FromMilliseconds(_options.CloseHandshakeTimeoutMilliseconds), CancellationToken.None).ContinueWith(
                    _ => { if (_socket.State != WebSocketState.Closed) _socket.Abort(); }, TaskScheduler.Default);
                return;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away mid-send; the receive loop notices too.
        }
        finally
        {
            _closed.Cancel();
        }
    }

    /// <summary>Close reasons are limited to 123 UTF-8 bytes; cut on a character boundary.</summary>
    private static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var length = reason.Length;
        while (Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > 123 || char.IsHighSurrogate(reason[length - 1]))
        {
            length--;
        }

        return reason[..length];
    }

    /// <summary>A queued frame, or (Frame null) the close to send after everything before it.</summary>
    private sealed record Outbound(byte[]? Frame, int Size, WebSocketCloseStatus? CloseStatus, string? CloseReason);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, EventName = "SocketSlowConsumer", Level = LogLevel.Warning,
            Message = "closing WebSocket {ConnId}: slow consumer ({Buffered} bytes queued)")]
        public static partial void SlowConsumer(ILogger logger, string connId, long buffered);

        [LoggerMessage(EventId = 6002, EventName = "SocketFailed", Level = LogLevel.Error, Message = "WebSocket {ConnId} failed")]
        public static partial void SocketFailed(ILogger logger, Exception exception, string connId);
    }
}

/// <summary>What a successful <c>connect</c> established for the socket.</summary>
internal sealed record SocketSession(int Protocol, string ClientId, string ClientMode, IReadOnlySet<string> Scopes, bool ToolEvents, string AuthMethod)
{
    /// <summary>Admin implies every scope; write implies read (gateway-protocol.md §4.2).</summary>
    public bool Has(string scope) =>
        Scopes.Contains(scope) || Scopes.Contains(Auth.GatewayScopes.Admin) || (scope == Auth.GatewayScopes.Read && Scopes.Contains(Auth.GatewayScopes.Write));
}

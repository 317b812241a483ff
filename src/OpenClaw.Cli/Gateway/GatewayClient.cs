using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Cli.Gateway;

/// <summary>
/// The CLI's side of the control-plane protocol (gateway-protocol.md): waits for the challenge, connects as
/// <c>cli</c> with every operator scope, then sends requests and matches responses by id. Events are handed to
/// <see cref="EventReceived"/> from the receive loop.
/// </summary>
internal sealed class GatewayClient : IAsyncDisposable
{
    private static readonly string[] AllScopes = ["operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing", "operator.talk.secrets"];

    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<JsonElement> _challenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _receive = Task.CompletedTask;
    private long _nextId;

    private GatewayClient(ClientWebSocket socket, Uri url)
    {
        _socket = socket;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The <c>hello-ok</c> payload.</summary>
    public JsonElement Hello { get; private set; }

    /// <summary>Called for every event frame with its name and payload (on the receive loop: keep it short).</summary>
    public Action<string, JsonElement>? EventReceived { get; set; }

    /// <summary>
    /// Opens the socket and completes the handshake. Throws <see cref="GatewayUnreachableException"/> when nothing
    /// answers at <paramref name="url"/>, <see cref="GatewayCallException"/> when the gateway refuses the connect.
    /// With <paramref name="tlsFingerprint"/>, a <c>wss://</c> server is trusted when its certificate has that
    /// SHA-256 fingerprint (a self-signed gateway certificate), and only then.
    /// </summary>
    public static async Task<GatewayClient> ConnectAsync(
        Uri url, GatewayCredentials credentials, TimeSpan timeout, CancellationToken cancellationToken, string? tlsFingerprint = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        if (tlsFingerprint is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => GatewayTlsPin.Matches(certificate, tlsFingerprint);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(url, deadline.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or SocketException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            throw new GatewayUnreachableException(url, ex is OperationCanceledException ? "timed out" : Reason(ex)) { Refused = IsRefused(ex) };
        }

        var client = new GatewayClient(socket, url);
        client._receive = client.ReceiveLoopAsync();
        try
        {
            // The receive loop ending (the server closed) cuts the wait short instead of running into the timeout.
            using var challengeWait = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, client._stop.Token);
            await client._challenge.Task.WaitAsync(challengeWait.Token);
            var hello = await client.CallAsync("connect", ConnectParams(credentials), expectFinal: false, timeout, cancellationToken);
            client.Hello = hello;
            return client;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var closed = client._stop.IsCancellationRequested;
            await client.DisposeAsync();
            throw new GatewayUnreachableException(url, closed ? "closed before the handshake" : "no handshake within " + (int)timeout.TotalMilliseconds + " ms");
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sends a request and returns the <c>ok</c> payload. With <paramref name="expectFinal"/> an interim
    /// <c>status:"accepted"</c> response is skipped and the next one is the result (the two-response <c>agent</c>).
    /// </summary>
    public async Task<JsonElement> CallAsync(
        string method, JsonNode? parameters, bool expectFinal, TimeSpan timeout, CancellationToken cancellationToken, Action<JsonElement>? accepted = null)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..8];
        var pending = new Pending(expectFinal, accepted);
        _pending[id] = pending;
        try
        {
            var frame = new JsonObject { ["type"] = "req", ["id"] = id, ["method"] = method };
            if (parameters is not null)
            {
                frame["params"] = parameters;
            }

            await SendAsync(frame, cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            deadline.CancelAfter(timeout);
            try
            {
                return await pending.Completion.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (pending.Completion.Task.IsCompleted)
                {
                    return await pending.Completion.Task;
                }

                throw _stop.IsCancellationRequested
                    ? new GatewayCallException("UNAVAILABLE", ClosedMessage())
                    : new GatewayCallException("TIMEOUT", $"gateway timeout after {(int)timeout.TotalMilliseconds}ms");
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", close.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        await _stop.CancelAsync();
        _socket.Abort();
        try
        {
            await _receive;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private static JsonObject ConnectParams(GatewayCredentials credentials)
    {
        var auth = new JsonObject();
        if (credentials.Token is { } token)
        {
            auth["token"] = token;
        }

        if (credentials.Password is { } password)
        {
            auth["password"] = password;
        }

        return new JsonObject
        {
            ["minProtocol"] = 3,
            ["maxProtocol"] = 4,
            ["client"] = new JsonObject
            {
                ["id"] = "cli",
                ["version"] = CliVersion.Current,
                ["platform"] = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux",
                ["mode"] = "cli",
            },
            ["role"] = "operator",
            ["scopes"] = new JsonArray([.. AllScopes.Select(s => (JsonNode?)s)]),
            ["caps"] = new JsonArray(),
            ["auth"] = auth,
        };
    }

    private async Task SendAsync(JsonObject frame, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(frame.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            throw new GatewayCallException("UNAVAILABLE", ClosedMessage());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                Dispatch(buffer.WrittenSpan);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            // Nothing more will arrive: every waiting call learns it now instead of at its timeout.
            await _stop.CancelAsync();
        }
    }

    private void Dispatch(ReadOnlySpan<byte> frame)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(frame.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }

        switch (root.TryGetProperty("type", out var type) ? type.GetString() : null)
        {
            case "event" when root.TryGetProperty("event", out var name):
                if (name.GetString() == "connect.challenge")
                {
                    _challenge.TrySetResult(root);
                }
                else
                {
                    EventReceived?.Invoke(name.GetString() ?? "", root.TryGetProperty("payload", out var payload) ? payload : default);
                }

                break;
            case "res" when root.TryGetProperty("id", out var id) && id.GetString() is { } key && _pending.TryGetValue(key, out var pending):
                pending.Resolve(root);
                break;
        }
    }

    private string ClosedMessage() =>
        _socket.CloseStatus is { } status
            ? $"gateway closed the connection ({(int)status}{(string.IsNullOrEmpty(_socket.CloseStatusDescription) ? "" : ": " + _socket.CloseStatusDescription)})"
            : "gateway closed the connection";

    private static bool IsRefused(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private static string Reason(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : socket.Message;
            }

            if (inner is System.Security.Authentication.AuthenticationException tls)
            {
                return "TLS: " + tls.Message;
            }
        }

        return ex.Message;
    }

    /// <summary>A request waiting for its response.</summary>
    private sealed class Pending(bool expectFinal, Action<JsonElement>? accepted)
    {
        public TaskCompletionSource<JsonElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Resolve(JsonElement response)
        {
            var ok = response.TryGetProperty("ok", out var okElement) && okElement.ValueKind == JsonValueKind.True;
            var payload = response.TryGetProperty("payload", out var p) ? p : default;
            if (ok && expectFinal && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("status", out var status) && status.GetString() == "accepted")
            {
                accepted?.Invoke(payload.Clone());
                return;
            }

            if (ok)
            {
                Completion.TrySetResult(payload);
                return;
            }

            var error = response.TryGetProperty("error", out var e) ? e : default;
            var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.GetString() ?? "UNAVAILABLE" : "UNAVAILABLE";
            var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() ?? "request failed" : "request failed";
            Completion.TrySetException(new GatewayCallException(code, message, payload));
        }
    }
}

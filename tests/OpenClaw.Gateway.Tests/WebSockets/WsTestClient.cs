using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>
/// A black-box client of the WebSocket control plane (gateway-protocol.md): a real <see cref="ClientWebSocket"/> whose
/// background loop parses every text frame into a mailbox. Helpers take the first frame matching a predicate and
/// leave the others for later assertions, so a test can ask for a response while events keep arriving. Every wait
/// has a timeout: a test must fail, never hang.
/// </summary>
internal sealed class WsTestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly Lock _gate = new();
    private readonly List<JsonElement> _unconsumed = [];
    private readonly List<JsonElement> _frames = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _reading = CompletedGate();
    private Task _readLoop = Task.CompletedTask;
    private int _nextId;

    private WsTestClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>The close status the server sent (null until closed, or when the socket was cut without a close frame).</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? CloseDescription { get; private set; }

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Every frame received so far, in arrival order, consumed or not.</summary>
    public IReadOnlyList<JsonElement> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>Every <c>event</c> frame received so far, in arrival order (the challenge included).</summary>
    public IReadOnlyList<JsonElement> Events => [.. Frames.Where(f => f.Str("type") == "event")];

    public static Uri UriFor(KestrelGateway gateway, string path = "/") =>
        new($"{(gateway.BaseAddress.Scheme == "https" ? "wss" : "ws")}://{gateway.BaseAddress.Host}:{gateway.BaseAddress.Port}{path}");

    /// <summary>Opens the socket (no frame sent yet); the challenge is then the first frame in the mailbox.</summary>
    public static Task<WsTestClient> OpenAsync(KestrelGateway gateway, string path = "/", string? origin = null) =>
        OpenAsync(UriFor(gateway, path), origin);

    /// <inheritdoc cref="OpenAsync(KestrelGateway, string, string?)"/>
    public static async Task<WsTestClient> OpenAsync(Uri uri, string? origin = null, Action<ClientWebSocketOptions>? options = null)
    {
        var socket = new ClientWebSocket();
        options?.Invoke(socket.Options);
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var cts = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, cts.Token);
        var client = new WsTestClient(socket);
        client._readLoop = Task.Run(client.ReadLoopAsync);
        return client;
    }

    /// <summary>Opens a socket and completes the handshake with the defaults of <see cref="ConnectAsync"/>.</summary>
    public static async Task<WsTestClient> ConnectedAsync(
        KestrelGateway gateway, string? token = TestConfigs.Token, IReadOnlyList<string>? scopes = null, IReadOnlyList<string>? caps = null)
    {
        var client = await OpenAsync(gateway);
        await client.ConnectAsync(token: token, scopes: scopes, caps: caps);
        return client;
    }

    /// <summary>Builds <c>ConnectParams</c> (§3.2) the way the reference CLI does; null arguments are omitted.</summary>
    public static JsonObject ConnectParams(
        string? token = TestConfigs.Token, string? password = null, IReadOnlyList<string>? scopes = null, IReadOnlyList<string>? caps = null,
        int minProtocol = 4, int maxProtocol = 4, string clientId = "cli", string mode = "cli", string? role = "operator")
    {
        var parameters = new JsonObject
        {
            ["minProtocol"] = minProtocol,
            ["maxProtocol"] = maxProtocol,
            ["client"] = new JsonObject { ["id"] = clientId, ["version"] = "0.0.1", ["platform"] = "linux", ["mode"] = mode },
        };
        if (role is not null)
        {
            parameters["role"] = role;
        }

        if (scopes is not null)
        {
            parameters["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)JsonValue.Create(s))]);
        }

        if (caps is not null)
        {
            parameters["caps"] = new JsonArray([.. caps.Select(c => (JsonNode)JsonValue.Create(c))]);
        }

        var auth = new JsonObject();
        if (token is not null)
        {
            auth["token"] = token;
        }

        if (password is not null)
        {
            auth["password"] = password;
        }

        parameters["auth"] = auth;
        return parameters;
    }

    /// <summary>
    /// Challenge → <c>connect</c> → response. Returns the <c>connect</c> response frame whatever its outcome, for tests
    /// of the failures; <see cref="ConnectAsync"/> is the happy path.
    /// </summary>
    public async Task<JsonElement> SendConnectAsync(JsonObject parameters, string id = "c1")
    {
        var challenge = await ReceiveAsync();
        challenge.Str("event").Should().Be("connect.challenge", "the challenge is the first frame (§3.1)");
        await SendAsync(RequestText(id, "connect", parameters.ToJsonString()));
        return await ResponseAsync(id);
    }

    /// <summary>Performs the handshake, asserts <c>hello-ok</c> and returns its payload.</summary>
    public async Task<JsonElement> ConnectAsync(
        string? token = TestConfigs.Token, string? password = null, IReadOnlyList<string>? scopes = null, IReadOnlyList<string>? caps = null,
        int minProtocol = 4, int maxProtocol = 4, string clientId = "cli", string mode = "cli")
    {
        var response = await SendConnectAsync(ConnectParams(token, password, scopes, caps, minProtocol, maxProtocol, clientId, mode));
        response.Bool("ok").Should().BeTrue($"the handshake succeeds, got {response.GetRawText()}");
        var payload = response.GetProperty("payload");
        payload.Str("type").Should().Be("hello-ok");
        return payload;
    }

    /// <summary>Sends a request and returns its (first) response; events and other frames stay in the mailbox.</summary>
    public async Task<JsonElement> RequestAsync(string method, string? paramsJson = "{}", TimeSpan? timeout = null)
    {
        var id = await SendRequestAsync(method, paramsJson);
        return await ResponseAsync(id, timeout);
    }

    /// <summary>Sends a request and asserts it succeeded; returns the payload.</summary>
    public async Task<JsonElement> CallAsync(string method, string? paramsJson = "{}", TimeSpan? timeout = null)
    {
        var response = await RequestAsync(method, paramsJson, timeout);
        response.Bool("ok").Should().BeTrue($"{method} succeeds, got {response.GetRawText()}");
        return response.GetProperty("payload");
    }

    /// <summary>Sends a <c>req</c> frame with a fresh id and returns the id.</summary>
    public async Task<string> SendRequestAsync(string method, string? paramsJson = "{}", string? id = null)
    {
        id ??= $"r{Interlocked.Increment(ref _nextId)}";
        await SendAsync(RequestText(id, method, paramsJson));
        return id;
    }

    public static string RequestText(string id, string method, string? paramsJson) =>
        paramsJson is null
            ? $$"""{"type":"req","id":{{JsonSerializer.Serialize(id)}},"method":{{JsonSerializer.Serialize(method)}}}"""
            : $$"""{"type":"req","id":{{JsonSerializer.Serialize(id)}},"method":{{JsonSerializer.Serialize(method)}},"params":{{paramsJson}}}""";

    /// <summary>The next unconsumed <c>res</c> frame with this id.</summary>
    public Task<JsonElement> ResponseAsync(string id, TimeSpan? timeout = null) =>
        TakeAsync(f => f.Str("type") == "res" && f.Str("id") == id, $"res {id}", timeout);

    /// <summary>The next unconsumed frame of any kind.</summary>
    public Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null) => TakeAsync(_ => true, "any frame", timeout);

    /// <summary>The next unconsumed event with this name (and matching <paramref name="where"/> on its payload).</summary>
    public Task<JsonElement> ReceiveEventAsync(string name, Func<JsonElement, bool>? where = null, TimeSpan? timeout = null) =>
        TakeAsync(
            f => f.Str("type") == "event" && f.Str("event") == name && (where is null || (f.TryGetProperty("payload", out var p) && where(p))),
            $"event {name}",
            timeout);

    /// <summary>The next unconsumed <c>agent</c> event of a run whose payload matches.</summary>
    public Task<JsonElement> ReceiveAgentEventAsync(string runId, Func<JsonElement, bool> where, TimeSpan? timeout = null) =>
        ReceiveEventAsync("agent", p => p.Str("runId") == runId && where(p), timeout);

    /// <summary>Waits for the terminal lifecycle event (<c>end</c> or <c>error</c>) of a run; returns its payload.</summary>
    public async Task<JsonElement> WaitForRunEndAsync(string runId, TimeSpan? timeout = null) =>
        (await ReceiveAgentEventAsync(runId, p => p.Str("stream") == "lifecycle" && p.GetProperty("data").Str("phase") is "end" or "error", timeout))
            .GetProperty("payload");

    /// <summary>Waits for a terminal <c>chat</c> event (final, aborted, error) of a run; returns its payload.</summary>
    public async Task<JsonElement> WaitForChatDoneAsync(string runId, TimeSpan? timeout = null) =>
        (await ReceiveEventAsync("chat", p => p.Str("runId") == runId && p.Str("state") is "final" or "aborted" or "error", timeout))
            .GetProperty("payload");

    /// <summary>
    /// Runs one more turn on <paramref name="sessionKey"/> to its final answer and returns that answer. A session's turns
    /// run one at a time in the order they came, so once it returns, anything an earlier request could still have
    /// started on that session has run: a test that something did not happen asserts it after this, not after a delay.
    /// </summary>
    public async Task<JsonElement> RunTurnBehindAsync(string sessionKey, string message = SyncTurnMessage)
    {
        var parameters = new JsonObject { ["message"] = message, ["idempotencyKey"] = $"sync-{Guid.NewGuid():N}", ["sessionKey"] = sessionKey };
        var id = await SendRequestAsync("agent", parameters.ToJsonString());
        (await ResponseAsync(id)).GetProperty("payload").Str("status").Should().Be("accepted");
        var final = await ResponseAsync(id);
        final.Bool("ok").Should().BeTrue(final.GetRawText());
        return final;
    }

    /// <summary>The message of <see cref="RunTurnBehindAsync"/>'s turn.</summary>
    public const string SyncTurnMessage = "sync point";

    /// <summary>Asserts that no frame matching <paramref name="match"/> arrives within <paramref name="window"/>.</summary>
    public async Task AssertNoFrameAsync(Func<JsonElement, bool> match, TimeSpan window, string because)
    {
        await Task.Delay(window);
        var seen = Frames.Where(match).Select(f => f.GetRawText()).ToList();
        seen.Should().BeEmpty(because);
    }

    /// <summary>Payloads of every received event with this name for this run, in arrival order.</summary>
    public List<JsonElement> RunEvents(string name, string runId) =>
        [.. Events.Where(e => e.Str("event") == name && e.GetProperty("payload").Str("runId") == runId).Select(e => e.GetProperty("payload"))];

    /// <summary>The per-connection <c>seq</c> (§5) of every event after the challenge is 1, 2, 3, … with no gap.</summary>
    public void AssertSeqContiguous()
    {
        var events = Events.Where(e => e.Str("event") != "connect.challenge").ToList();
        var seqs = events.Select(e => e.TryGetProperty("seq", out var s) ? s.GetInt64() : -1).ToList();
        seqs.Should().Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), "per-connection seq is contiguous from 1 (§5)");
    }

    public async Task SendAsync(string text) => await SendRawAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendRawAsync(byte[] bytes, WebSocketMessageType type)
    {
        await _sendLock.WaitAsync();
        try
        {
            using var cts = new CancellationTokenSource(DefaultTimeout);
            await _socket.SendAsync(bytes, type, endOfMessage: true, cts.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Stops reading after the frame currently awaited, so the server's outbound queue fills up (a slow consumer);
    /// <see cref="ResumeReading"/> lets the loop drain it again.
    /// </summary>
    public void PauseReading()
    {
        lock (_gate)
        {
            if (_reading.Task.IsCompleted)
            {
                _reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void ResumeReading()
    {
        lock (_gate)
        {
            _reading.TrySetResult();
        }
    }

    /// <summary>Waits until the server closes the socket; returns the status and reason it sent.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var finished = await Task.WhenAny(_closed.Task, Task.Delay(limit));
        if (finished != _closed.Task)
        {
            throw new TimeoutException($"the server did not close the socket within {limit}; frames: {Describe(Frames)}");
        }

        return (CloseStatus, CloseDescription);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server may already be gone; nothing to clean up beyond the socket itself.
            }
        }

        await _stop.CancelAsync();
        await Task.WhenAny(_readLoop, Task.Delay(TimeSpan.FromSeconds(2)));
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task<JsonElement> TakeAsync(Func<JsonElement, bool> match, string what, TimeSpan? timeout)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var index = _unconsumed.FindIndex(f => match(f));
                if (index >= 0)
                {
                    var frame = _unconsumed[index];
                    _unconsumed.RemoveAt(index);
                    return frame;
                }

                arrived = _arrived.Task;
            }

            if (_closed.Task.IsCompleted)
            {
                throw new InvalidOperationException(
                    $"the socket closed ({CloseStatus} '{CloseDescription}') while waiting for {what}; frames: {Describe(Frames)}");
            }

            var remaining = deadline - DateTime.UtcNow;
            var timedOut = remaining <= TimeSpan.Zero;
            if (!timedOut)
            {
                var delay = Task.Delay(remaining);
                timedOut = await Task.WhenAny(arrived, _closed.Task, delay) == delay;
            }

            if (timedOut)
            {
                throw new TimeoutException($"no {what} within {limit}; frames: {Describe(Frames)}");
            }
        }
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private static string Describe(IReadOnlyList<JsonElement> frames)
    {
        var text = string.Join("\n", frames.Select(f => f.GetRawText()));
        return text.Length > 6000 ? "…" + text[^6000..] : text;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                Task reading;
                lock (_gate)
                {
                    reading = _reading.Task;
                }

                await reading.WaitAsync(_stop.Token);
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    CloseDescription = result.CloseStatusDescription;
                    await TryCompleteCloseAsync();
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var bytes = message.ToArray();
                message.SetLength(0);
                JsonElement frame;
                try
                {
                    using var document = JsonDocument.Parse(bytes);
                    frame = document.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Keep unparseable text visible to assertions as a JSON string.
                    frame = JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(bytes));
                }

                lock (_gate)
                {
                    _frames.Add(frame);
                    _unconsumed.Add(frame);
                    var arrived = _arrived;
                    _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    arrived.TrySetResult();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A connection cut without a close frame: CloseStatus stays null.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private async Task TryCompleteCloseAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server may drop the TCP connection right after its close frame.
        }
    }
}

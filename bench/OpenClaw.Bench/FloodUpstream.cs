using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenClaw.Bench;

/// <summary>
/// The upstream of the slow-reader scenario: an OpenAI-compatible <c>POST /v1/chat/completions</c> on a loopback
/// port that streams one long answer (<c>chunks</c> content deltas) as fast as the socket takes it, over a plain
/// HTTP/1.1 connection that ends with the body (no packages, and no buffering of its own: a write waits while the
/// socket is full, so <see cref="ChunksWritten"/> stands still while the gateway does not read). The Node mock
/// buffers whatever it writes, so it cannot show backpressure.
/// </summary>
internal sealed class FloodUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _chunks;
    private readonly int _chunkChars;
    private Task _accepting = Task.CompletedTask;
    private int _attempts;
    private int _chunksWritten;

    public FloodUpstream(int chunks, int chunkChars)
    {
        _chunks = chunks;
        _chunkChars = chunkChars;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Chat completion requests received.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Content deltas of the latest answer that went into the socket.</summary>
    public int ChunksWritten => Volatile.Read(ref _chunksWritten);

    /// <summary>The <paramref name="index"/>-th delta: its number, then dots, so order and gaps can be checked.</summary>
    public static string Delta(int index, int chars) => index.ToString("D8", CultureInfo.InvariantCulture).PadRight(chars, '.');

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(stop).ConfigureAwait(false);
            _ = ServeAsync(socket, stop);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stop)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            var head = await ReadRequestAsync(stream, stop).ConfigureAwait(false);
            if (!head.StartsWith("POST /v1/chat/completions ", StringComparison.Ordinal))
            {
                await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop).ConfigureAwait(false);
                return;
            }

            Interlocked.Increment(ref _attempts);
            Volatile.Write(ref _chunksWritten, 0);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"u8.ToArray(), stop).ConfigureAwait(false);
            await WriteFrameAsync(stream, """{"role":"assistant","content":""}""", null, stop).ConfigureAwait(false);
            for (var i = 0; i < _chunks; i++)
            {
                await WriteFrameAsync(stream, $$"""{"content":"{{Delta(i, _chunkChars)}}"}""", null, stop).ConfigureAwait(false);
                Interlocked.Increment(ref _chunksWritten);
            }

            await WriteFrameAsync(stream, "{}", "stop", stop).ConfigureAwait(false);
            var usage = $$"""{"prompt_tokens":10,"completion_tokens":{{_chunks}},"total_tokens":{{_chunks + 10}}""" + "}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $$"""data: {"id":"chatcmpl-flood","object":"chat.completion.chunk","created":0,"model":"flood","choices":[],"usage":{{usage}}""" + "}\n\ndata: [DONE]\n\n"), stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The gateway hung up (it cancelled the call) or the bench is stopping.
        }
    }

    private static async Task WriteFrameAsync(NetworkStream stream, string delta, string? finishReason, CancellationToken stop)
    {
        var finish = finishReason is null ? "null" : $"\"{finishReason}\"";
        var frame = $$"""data: {"id":"chatcmpl-flood","object":"chat.completion.chunk","created":0,"model":"flood","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}}]}""" + "\n\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(frame), stop).ConfigureAwait(false);
    }

    /// <summary>Reads the request head and its Content-Length body; returns the head.</summary>
    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken stop)
    {
        var buffer = new List<byte>(8192);
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, stop).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("request ended early");
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. buffer.Take(headEnd)]);
        var length = head.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = buffer.Count - (headEnd + 4);
        while (body < length)
        {
            var read = await stream.ReadAsync(chunk, stop).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("request body ended early");
            }

            body += read;
        }

        return head;
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 3; i < buffer.Count; i++)
        {
            if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}

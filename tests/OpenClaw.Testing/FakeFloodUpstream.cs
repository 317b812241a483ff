using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace OpenClaw.Testing;

/// <summary>
/// An OpenAI-compatible model server on a loopback socket that answers every streaming chat request with one long
/// answer of <see cref="ChunkCount"/> content deltas, written as fast as the socket takes them. Its counters show
/// how far it got, so a test can see the gateway's backpressure reach it: while nobody reads, a full socket makes
/// <see cref="ChunksWritten"/> stand still.
/// </summary>
public sealed class FakeFloodUpstream : IAsyncDisposable
{
    private FakeUpstreamHost<FloodScript> _host = null!;
    private int _chunksWritten;
    private long _bytesWritten;

    private FakeFloodUpstream(int chunkCount, int chunkChars)
    {
        ChunkCount = chunkCount;
        ChunkChars = chunkChars;
    }

    /// <summary>e.g. <c>http://127.0.0.1:54321/v1</c>: what a provider's base URL is set to.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int ChunkCount { get; }

    /// <summary>Characters of each content delta.</summary>
    public int ChunkChars { get; }

    /// <summary>Content deltas of the current (last) answer that went into the socket so far.</summary>
    public int ChunksWritten => Volatile.Read(ref _chunksWritten);

    /// <summary>Body bytes of the current (last) answer that went into the socket so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedUpstreamRequest> Requests => _host.Requests;

    /// <summary>Starts a fake whose answers have <paramref name="chunkCount"/> deltas of <paramref name="chunkChars"/> characters.</summary>
    public static async Task<FakeFloodUpstream> StartAsync(int chunkCount, int chunkChars, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkChars, 8);
        var fake = new FakeFloodUpstream(chunkCount, chunkChars);
        fake._host = await FakeUpstreamHost<FloodScript>.StartAsync(nameof(FakeFloodUpstream), static _ => false, fake.HandleAsync, cancellationToken);
        fake.BaseUrl = new Uri($"http://127.0.0.1:{fake._host.Port}/v1");
        return fake;
    }

    /// <summary>
    /// The <paramref name="index"/>-th delta (0-based): its number, zero-padded, then dots up to
    /// <paramref name="chars"/>, so a reader can tell a missing, repeated or reordered delta.
    /// </summary>
    public static string Delta(int index, int chars) => index.ToString("D8", System.Globalization.CultureInfo.InvariantCulture).PadRight(chars, '.');

    /// <summary>Waits until at least <paramref name="count"/> requests arrived and returns the count-th (1-based).</summary>
    public Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => _host.WaitForRequestAsync(count);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task HandleAsync(HttpContext context, RecordedUpstreamRequest recorded, FloodScript? queued, CancellationToken shutdown)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path.Value != FakeOpenAiUpstream.ChatCompletionsPath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return new FakeExchange(
            context,
            recorded,
            FloodScript.Instance,
            static status => OpenAiWireFormat.Error($"fake upstream status {status}", "server_error", code: null),
            PlayAsync,
            shutdown).RunAsync();
    }

    private async Task<bool> PlayAsync(FakeExchange exchange, CancellationToken ct)
    {
        // A reader that pauses is the subject here: Kestrel's minimum data rate must not cut it off first.
        exchange.Response.HttpContext.Features.Get<IHttpMinResponseDataRateFeature>()!.MinDataRate = null;
        Interlocked.Exchange(ref _chunksWritten, 0);
        Interlocked.Exchange(ref _bytesWritten, 0);
        var request = exchange.Request;
        var stream = new StreamContext($"chatcmpl-flood{request.Sequence}", request.Model ?? "fake-model", request.IncludeUsage);
        await exchange.StartStreamAsync(ct);
        await WriteAsync(exchange, OpenAiWireFormat.RoleChunk(stream), ct);
        for (var i = 0; i < ChunkCount; i++)
        {
            await WriteAsync(exchange, OpenAiWireFormat.DeltaChunks(stream, [Delta(i, ChunkChars)], [])[0], ct);
            exchange.ChunkWritten();
            Interlocked.Increment(ref _chunksWritten);
        }

        await WriteAsync(exchange, OpenAiWireFormat.FinishChunk(stream, "stop"), ct);
        if (stream.IncludeUsage)
        {
            await WriteAsync(exchange, OpenAiWireFormat.UsageChunk(stream, new FakeUsage(10, ChunkCount)), ct);
        }

        await WriteAsync(exchange, OpenAiWireFormat.Done, ct);
        return await exchange.EndAsync(ct);
    }

    private async Task WriteAsync(FakeExchange exchange, ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        await exchange.SendFrameAsync(frame, ct);
        Interlocked.Add(ref _bytesWritten, frame.Length);
    }

    /// <summary>A plain 200: the flood itself is played by <see cref="PlayAsync"/>.</summary>
    private sealed record FloodScript : FakeUpstreamScript
    {
        public static readonly FloodScript Instance = new();
    }
}

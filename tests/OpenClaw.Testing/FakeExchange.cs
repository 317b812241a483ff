using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>
/// Plays one scripted answer onto one HTTP exchange and records how it ended. The faults every fake shares
/// (delays, drops, hangs, error statuses, raw bodies) are played here; the successful body is the wire format's
/// <paramref name="playBody"/>, which writes through <see cref="StartStreamAsync(CancellationToken)"/>, <see cref="SendFrameAsync"/>,
/// <see cref="StopAsync"/> and <see cref="EndAsync"/>.
/// </summary>
internal sealed class FakeExchange(
    HttpContext context,
    RecordedUpstreamRequest request,
    IFakeUpstreamScript script,
    Func<int, string> defaultErrorBody,
    Func<FakeExchange, CancellationToken, Task<bool>> playBody,
    CancellationToken shutdown)
{
    private readonly ExchangeOutcomeTracker _outcome = new();
    private int _framesWritten;
    private bool _failAfterResponseStarted;

    public async Task RunAsync()
    {
        // Timestamp the abort when Kestrel sees it, so tests can measure how fast the gateway
        // cancelled without the handler's own scheduling skewing the number.
        using var registration = context.RequestAborted.Register(_outcome.MarkClientAbort);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shutdown);
        var finished = false;
        try
        {
            finished = await PlayAsync(linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Resolved below: the client left, or the fake is shutting down.
        }
        catch
        {
            // A bug in the script (say, a negative delay) must not be reported as the client's doing.
            _outcome.MarkServerAbort();
            throw;
        }
        finally
        {
            if (!finished && shutdown.IsCancellationRequested && _outcome.NoAbortSeen)
            {
                // The fake is being disposed: cut the connection so Kestrel's shutdown does not wait on it.
                _outcome.MarkServerAbort();
                context.Abort();
            }

            request.TryComplete(_outcome.Resolve(finished));
        }

        if (_failAfterResponseStarted)
        {
            throw new InvalidOperationException("Fake upstream: scripted drop after the response started.");
        }
    }

    /// <summary>Returns true when the whole response went out, false when the script cut it short.</summary>
    private async Task<bool> PlayAsync(CancellationToken ct)
    {
        if (script.DelayBeforeHeaders != TimeSpan.Zero)
        {
            await Task.Delay(script.DelayBeforeHeaders, ct);
        }

        if (script.DropBeforeHeaders)
        {
            return Drop();
        }

        var response = context.Response;
        if (script.RetryAfter is not null)
        {
            response.Headers.RetryAfter = script.RetryAfter;
        }

        if (script.Headers is not null)
        {
            foreach (var (name, value) in script.Headers)
            {
                response.Headers[name] = value;
            }
        }

        if (script.RawBody is not null)
        {
            var contentType = script.RawContentType ?? (request.IsStreaming ? "text/event-stream" : "application/json");
            return await WriteWholeAsync(script.StatusCode, contentType, OpenAiWireFormat.Utf8(script.RawBody), ct);
        }

        if (script.StatusCode != StatusCodes.Status200OK)
        {
            var body = OpenAiWireFormat.Utf8(script.ErrorBody ?? defaultErrorBody(script.StatusCode));
            if (script.StallErrorBody)
            {
                context.Response.StatusCode = script.StatusCode;
                context.Response.ContentType = script.ErrorContentType ?? "application/json";
                context.Response.ContentLength = body.Length;
                await context.Response.StartAsync(ct);
                await context.Response.Body.FlushAsync(ct);
                await Task.Delay(Timeout.Infinite, ct);
            }

            return await WriteWholeAsync(script.StatusCode, script.ErrorContentType ?? "application/json", body, ct);
        }

        return await playBody(this, ct);
    }

    public RecordedUpstreamRequest Request => request;

    public HttpResponse Response => context.Response;

    /// <summary>The frames counted as delta chunks (see <see cref="UpstreamRequestOutcome.ChunksWritten"/>).</summary>
    public void ChunkWritten() => _outcome.ChunkWritten();

    /// <summary>Sends the 200 headers of an SSE stream.</summary>
    public Task StartStreamAsync(CancellationToken ct) => StartStreamAsync("text/event-stream", ct);

    /// <summary>Sends the 200 headers of a stream of <paramref name="contentType"/> (e.g. NDJSON).</summary>
    public async Task StartStreamAsync(string contentType, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>
    /// Sends <paramref name="frames"/> in order, honouring the script's hang or drop point: with
    /// <c>HangAfterChunks</c>/<c>DropAfterChunks</c> = n it stops right after the n-th delta frame (0: before any
    /// frame). Returns true when the stream goes on to its end, false when the script's stop point was played.
    /// </summary>
    public async Task<bool> SendFramesAsync(IEnumerable<(byte[] Frame, bool IsDelta)> frames, CancellationToken ct)
    {
        var stopAfter = script.DropAfterChunks ?? script.HangAfterChunks;
        var deltas = 0;
        foreach (var (frame, isDelta) in frames)
        {
            if (deltas == stopAfter)
            {
                break;
            }

            await SendFrameAsync(frame, ct);
            if (isDelta)
            {
                deltas++;
                _outcome.ChunkWritten();
            }
        }

        return stopAfter is null || await StopAsync(ct);
    }

    public async Task<bool> WriteWholeAsync(int status, string contentType, byte[] body, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
        return await EndAsync(ct);
    }

    public async Task SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        if (_framesWritten > 0 && script.DelayBetweenChunks > TimeSpan.Zero)
        {
            await Task.Delay(script.DelayBetweenChunks, ct);
        }

        await context.Response.Body.WriteAsync(frame, ct);
        await context.Response.Body.FlushAsync(ct);
        _framesWritten++;
    }

    /// <summary>Hangs until the client leaves, or drops the connection, as the script says.</summary>
    public async Task<bool> StopAsync(CancellationToken ct)
    {
        if (script.DropAfterChunks is not null)
        {
            return Drop();
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        return false;
    }

    public async Task<bool> EndAsync(CancellationToken ct)
    {
        await context.Response.Body.FlushAsync(ct);

        // A client that left during the last write must not count as served: Kestrel silently
        // discards writes to a dead connection.
        ct.ThrowIfCancellationRequested();
        await context.Response.CompleteAsync();
        return true;
    }

    private bool Drop()
    {
        _outcome.MarkServerAbort();
        if (context.Response.HasStarted)
        {
            // HttpContext.Abort() resets the socket, and a reset makes the client's kernel throw
            // away bytes the client has not read yet, so the promised chunks would go missing at
            // random. A handler that throws after the response started makes Kestrel close the
            // connection gracefully instead: every flushed byte arrives, then the stream just ends
            // with no chunked terminator, which the client reports as a premature end.
            _failAfterResponseStarted = true;
        }
        else
        {
            context.Abort();
        }

        return false;
    }
}

using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>
/// Plays one script onto one HTTP exchange and records how it ended. This base does what every wire format shares
/// (the faults of <see cref="FakeUpstreamScript"/>, streaming frames, hanging and dropping); a derived exchange
/// writes its format's content.
/// </summary>
internal abstract class FakeExchange(
    HttpContext context,
    RecordedUpstreamRequest request,
    FakeUpstreamScript script,
    CancellationToken shutdown)
{
    private readonly ExchangeOutcomeTracker _outcome = new();
    private int _framesWritten;
    private bool _failAfterResponseStarted;

    protected HttpContext Context => context;

    protected RecordedUpstreamRequest Request => request;

    /// <summary>Content type of a <see cref="FakeUpstreamScript.RawBody"/> that names none.</summary>
    protected abstract string DefaultRawContentType { get; }

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

    /// <summary>The error body the format sends for a status when the script gives none.</summary>
    protected abstract byte[] DefaultErrorBody(int status);

    /// <summary>Writes the successful answer; returns true when all of it went out.</summary>
    protected abstract Task<bool> PlayContentAsync(CancellationToken ct);

    /// <summary>
    /// Streams a 200 of <paramref name="contentType"/>: the preamble (unless the script stops at 0), the deltas up to
    /// where the script hangs or drops, then, unless the script omits it, the trailer that finishes the stream.
    /// </summary>
    protected async Task<bool> StreamAsync(
        string contentType,
        ReadOnlyMemory<byte>? preamble,
        IReadOnlyList<byte[]> deltas,
        Func<IEnumerable<ReadOnlyMemory<byte>>> trailer,
        CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);

        var stopAfter = script.DropAfterChunks ?? script.HangAfterChunks;
        var limit = stopAfter is { } n ? Math.Clamp(n, 0, deltas.Count) : deltas.Count;
        if (preamble is { } first && stopAfter is not 0)
        {
            await SendFrameAsync(first, ct);
        }

        for (var i = 0; i < limit; i++)
        {
            await SendFrameAsync(deltas[i], ct);
            _outcome.ChunkWritten();
        }

        if (stopAfter is not null)
        {
            return await StopAsync(ct);
        }

        if (!script.OmitDone)
        {
            foreach (var frame in trailer())
            {
                await SendFrameAsync(frame, ct);
            }
        }

        return await EndAsync(ct);
    }

    protected async Task<bool> WriteWholeAsync(int status, string contentType, byte[] body, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
        return await EndAsync(ct);
    }

    protected async Task SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        if (_framesWritten > 0 && script.DelayBetweenChunks > TimeSpan.Zero)
        {
            await Task.Delay(script.DelayBetweenChunks, ct);
        }

        await context.Response.Body.WriteAsync(frame, ct);
        await context.Response.Body.FlushAsync(ct);
        _framesWritten++;
    }

    protected void ChunkWritten() => _outcome.ChunkWritten();

    /// <summary>Hangs until the client leaves, or drops the connection, as the script says.</summary>
    protected async Task<bool> StopAsync(CancellationToken ct)
    {
        if (script.DropAfterChunks is not null)
        {
            return Drop();
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        return false;
    }

    protected async Task<bool> EndAsync(CancellationToken ct)
    {
        await context.Response.Body.FlushAsync(ct);

        // A client that left during the last write must not count as served: Kestrel silently
        // discards writes to a dead connection.
        ct.ThrowIfCancellationRequested();
        await context.Response.CompleteAsync();
        return true;
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
            return await WriteWholeAsync(script.StatusCode, script.RawContentType ?? DefaultRawContentType, OpenAiWireFormat.Utf8(script.RawBody), ct);
        }

        if (script.StatusCode != StatusCodes.Status200OK)
        {
            var body = script.ErrorBody is null ? DefaultErrorBody(script.StatusCode) : OpenAiWireFormat.Utf8(script.ErrorBody);
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

        return await PlayContentAsync(ct);
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

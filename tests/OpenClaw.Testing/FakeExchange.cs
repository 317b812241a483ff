using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>Plays one <see cref="FakeUpstreamResponse"/> onto one HTTP exchange and records how it ended.</summary>
internal sealed class FakeExchange(
    HttpContext context,
    RecordedUpstreamRequest request,
    FakeUpstreamResponse script,
    string defaultModel,
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
            var body = script.ErrorBody is null
                ? OpenAiWireFormat.Utf8(OpenAiWireFormat.Error($"fake upstream status {script.StatusCode}", "server_error", code: null))
                : OpenAiWireFormat.Utf8(script.ErrorBody);
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

        var content = script.Chunks ?? FakeEcho.SplitWords(FakeEcho.Reply(request.Json));
        var streamContext = new StreamContext($"chatcmpl-fake{request.Sequence}", request.Model ?? defaultModel, request.IncludeUsage);
        return request.IsStreaming
            ? await StreamAsync(streamContext, content, ct)
            : await CompleteAsync(streamContext, content, ct);
    }

    private async Task<bool> StreamAsync(StreamContext ctx, IReadOnlyList<string> content, CancellationToken ct)
    {
        var deltas = OpenAiWireFormat.DeltaChunks(ctx, content, script.ToolCalls);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);

        var stopAfter = script.DropAfterChunks ?? script.HangAfterChunks;
        var limit = stopAfter is { } n ? Math.Clamp(n, 0, deltas.Count) : deltas.Count;
        if (stopAfter is not 0)
        {
            await SendFrameAsync(OpenAiWireFormat.RoleChunk(ctx), ct);
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
            await SendFrameAsync(OpenAiWireFormat.FinishChunk(ctx, FinishReason()), ct);
            if (ctx.IncludeUsage)
            {
                await SendFrameAsync(OpenAiWireFormat.UsageChunk(ctx, Usage(content)), ct);
            }

            await SendFrameAsync(OpenAiWireFormat.Done, ct);
        }

        return await EndAsync(ct);
    }

    private async Task<bool> CompleteAsync(StreamContext ctx, IReadOnlyList<string> content, CancellationToken ct)
    {
        var text = string.Concat(content);
        var message = text.Length == 0 && script.ToolCalls.Count > 0 ? null : text;
        var body = OpenAiWireFormat.Completion(ctx, message, script.ToolCalls, FinishReason(), Usage(content));
        var stopAfter = script.DropAfterChunks ?? script.HangAfterChunks;
        if (stopAfter is null)
        {
            return await WriteWholeAsync(StatusCodes.Status200OK, "application/json", body, ct);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        if (stopAfter > 0)
        {
            await SendFrameAsync(body.AsMemory(0, body.Length / 2), ct);
            _outcome.ChunkWritten();
        }

        return await StopAsync(ct);
    }

    private async Task<bool> WriteWholeAsync(int status, string contentType, byte[] body, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, ct);
        return await EndAsync(ct);
    }

    private async Task SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
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
    private async Task<bool> StopAsync(CancellationToken ct)
    {
        if (script.DropAfterChunks is not null)
        {
            return Drop();
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        return false;
    }

    private async Task<bool> EndAsync(CancellationToken ct)
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

    private string FinishReason() => script.FinishReason ?? (script.ToolCalls.Count > 0 ? "tool_calls" : "stop");

    private FakeUsage Usage(IReadOnlyList<string> content) =>
        script.Usage ?? FakeEcho.EstimateUsage(request.Json, content, script.ToolCalls);
}

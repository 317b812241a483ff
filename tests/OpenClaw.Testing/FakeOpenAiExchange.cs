using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>Plays a <see cref="FakeUpstreamResponse"/> as OpenAI does: SSE chunks when streaming, one JSON body otherwise.</summary>
internal sealed class FakeOpenAiExchange(
    HttpContext context,
    RecordedUpstreamRequest request,
    FakeUpstreamResponse script,
    string defaultModel,
    CancellationToken shutdown) : FakeExchange(context, request, script, shutdown)
{
    protected override string DefaultRawContentType => Request.IsStreaming ? "text/event-stream" : "application/json";

    protected override byte[] DefaultErrorBody(int status) =>
        OpenAiWireFormat.Utf8(OpenAiWireFormat.Error($"fake upstream status {status}", "server_error", code: null));

    protected override async Task<bool> PlayContentAsync(CancellationToken ct)
    {
        var content = script.Chunks ?? FakeEcho.SplitWords(FakeEcho.Reply(Request.Json));
        var streamContext = new StreamContext($"chatcmpl-fake{Request.Sequence}", Request.Model ?? defaultModel, Request.IncludeUsage);
        return Request.IsStreaming
            ? await StreamAsync(
                "text/event-stream",
                OpenAiWireFormat.RoleChunk(streamContext),
                OpenAiWireFormat.DeltaChunks(streamContext, content, script.ToolCalls),
                () => Trailer(streamContext, content),
                ct)
            : await CompleteAsync(streamContext, content, ct);
    }

    private IEnumerable<ReadOnlyMemory<byte>> Trailer(StreamContext ctx, IReadOnlyList<string> content)
    {
        yield return OpenAiWireFormat.FinishChunk(ctx, FinishReason());
        if (ctx.IncludeUsage)
        {
            yield return OpenAiWireFormat.UsageChunk(ctx, Usage(content));
        }

        yield return OpenAiWireFormat.Done;
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

        var response = Context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        if (stopAfter > 0)
        {
            await SendFrameAsync(body.AsMemory(0, body.Length / 2), ct);
            ChunkWritten();
        }

        return await StopAsync(ct);
    }

    private string FinishReason() => script.FinishReason ?? (script.ToolCalls.Count > 0 ? "tool_calls" : "stop");

    private FakeUsage Usage(IReadOnlyList<string> content) =>
        script.Usage ?? FakeEcho.EstimateUsage(Request.Json, content, script.ToolCalls.Select(c => c.ArgumentsJson));
}

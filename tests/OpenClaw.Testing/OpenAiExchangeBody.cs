using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>The successful body of a <see cref="FakeOpenAiUpstream"/> exchange: SSE chunks, or one completion.</summary>
internal static class OpenAiExchangeBody
{
    public static Task<bool> PlayAsync(FakeExchange exchange, FakeUpstreamResponse script, string defaultModel, CancellationToken ct)
    {
        var request = exchange.Request;
        var content = script.Chunks ?? FakeEcho.SplitWords(FakeEcho.Reply(request.Json));
        var streamContext = new StreamContext($"chatcmpl-fake{request.Sequence}", request.Model ?? defaultModel, request.IncludeUsage);
        return request.IsStreaming
            ? StreamAsync(exchange, script, streamContext, content, ct)
            : CompleteAsync(exchange, script, streamContext, content, ct);
    }

    private static async Task<bool> StreamAsync(FakeExchange exchange, FakeUpstreamResponse script, StreamContext ctx, IReadOnlyList<string> content, CancellationToken ct)
    {
        await exchange.StartStreamAsync(ct);
        var frames = OpenAiWireFormat.DeltaChunks(ctx, content, script.ToolCalls).Select(d => (d, true)).Prepend((OpenAiWireFormat.RoleChunk(ctx), false));
        if (!await exchange.SendFramesAsync(frames, ct))
        {
            return false;
        }

        if (!script.OmitDone)
        {
            await exchange.SendFrameAsync(OpenAiWireFormat.FinishChunk(ctx, FinishReason(script)), ct);
            if (ctx.IncludeUsage)
            {
                await exchange.SendFrameAsync(OpenAiWireFormat.UsageChunk(ctx, Usage(exchange, script, content)), ct);
            }

            if (script.HangBeforeDone)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            await exchange.SendFrameAsync(OpenAiWireFormat.Done, ct);
        }

        return await exchange.EndAsync(ct);
    }

    private static async Task<bool> CompleteAsync(FakeExchange exchange, FakeUpstreamResponse script, StreamContext ctx, IReadOnlyList<string> content, CancellationToken ct)
    {
        var text = string.Concat(content);
        var message = text.Length == 0 && script.ToolCalls.Count > 0 ? null : text;
        var body = OpenAiWireFormat.Completion(ctx, message, script.ToolCalls, FinishReason(script), Usage(exchange, script, content));
        var stopAfter = script.DropAfterChunks ?? script.HangAfterChunks;
        if (stopAfter is null)
        {
            return await exchange.WriteWholeAsync(StatusCodes.Status200OK, "application/json", body, ct);
        }

        var response = exchange.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        if (stopAfter > 0)
        {
            await exchange.SendFrameAsync(body.AsMemory(0, body.Length / 2), ct);
            exchange.ChunkWritten();
        }

        return await exchange.StopAsync(ct);
    }

    private static string FinishReason(FakeUpstreamResponse script) => script.FinishReason ?? (script.ToolCalls.Count > 0 ? "tool_calls" : "stop");

    private static FakeUsage Usage(FakeExchange exchange, FakeUpstreamResponse script, IReadOnlyList<string> content) =>
        script.Usage ?? FakeEcho.EstimateUsage(exchange.Request.Json, content, script.ToolCalls);
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// The SSE response of a streaming chat completion (http-api.md §4.12): headers and the role chunk at once, one
/// content chunk per assistant delta, the unstreamed suffix, exactly one finish chunk, the usage chunk when asked,
/// then <c>[DONE]</c>. A failure after the headers is one in-band error frame, then <c>[DONE]</c>.
/// </summary>
internal sealed class ChatCompletionStream(HttpContext context, PreparedChat chat, long created, TimeSpan keepAlive) : IAgentEventSink
{
    /// <summary>Events a slow client may fall behind by before its stream is failed (the run never waits for it).</summary>
    internal const int MaxPendingEvents = 4096;

    private const string MessageSeparator = "\n\n";

    /// <summary>Tool-call arguments are streamed in slices of at most this many UTF-16 units (§4.12 step 4).</summary>
    private const int ArgumentSliceLength = 256;

    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] KeepAliveFrame = ": keepalive\n\n"u8.ToArray();

    private readonly Channel<AgentEvent> _events = Channel.CreateBounded<AgentEvent>(
        new BoundedChannelOptions(MaxPendingEvents) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _runCancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
    private readonly System.Text.StringBuilder _streamed = new();
    private Utf8JsonWriter? _json;
    private volatile bool _overflowed;
    private int _lastMessageIndex = -1;

    /// <summary>True once the client fell too far behind: the run is cancelled and the stream ends with an error.</summary>
    internal bool Overflowed => _overflowed;

    public void OnEvent(AgentEvent agentEvent)
    {
        if (agentEvent.Data is AssistantDelta && !_events.Writer.TryWrite(agentEvent))
        {
            _overflowed = true;
            _runCancellation.Cancel();
        }
    }

    public async Task RunAsync(AgentRunner runner)
    {
        using var _ = _runCancellation;
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            response.Headers.Connection = "keep-alive";
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var runTask = StartRun(runner);
        try
        {
            WriteChunk(new ChatCompletionDelta(Role: "assistant"), null);
            await FlushAsync();
            await PumpDeltasAsync(aborted);
            var result = await runTask;
            if (aborted.IsCancellationRequested)
            {
                return;
            }

            await FinishAsync(result);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The client went away: the run is cancelled through RequestAborted and nothing more is written.
        }
        finally
        {
            await ((Task)runTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _json?.Dispose();
        }
    }

    private Task<AgentRunResult> StartRun(AgentRunner runner)
    {
        var run = Task.Run(() => runner.RunAsync(chat.Run with { Events = this }, _runCancellation.Token));
        run.ContinueWith(static (_, state) => ((Channel<AgentEvent>)state!).Writer.TryComplete(), _events, TaskScheduler.Default);
        return run;
    }

    private async Task PumpDeltasAsync(CancellationToken aborted)
    {
        var reader = _events.Reader;
        while (true)
        {
            bool more;
            if (keepAlive > TimeSpan.Zero)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                idle.CancelAfter(keepAlive);
                try
                {
                    more = await reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await WriteRawAsync(KeepAliveFrame);
                    continue;
                }
            }
            else
            {
                more = await reader.WaitToReadAsync(aborted);
            }

            if (!more)
            {
                return;
            }

            // Everything that queued up while the last flush was in flight goes out in one flush.
            while (reader.TryRead(out var agentEvent))
            {
                // While tool_choice demands a call, text is held back: the run may still end in a 502 (§4.7).
                if (agentEvent.Data is AssistantDelta delta && !chat.Tools.HasRequirement)
                {
                    WriteDelta(delta);
                }
            }

            await FlushAsync();
        }
    }

    private void WriteDelta(AssistantDelta delta)
    {
        // A later assistant message of the same run is separated as the non-streaming content is: a "\n\n" delta first.
        if (delta.MessageIndex != _lastMessageIndex && _streamed.Length > 0)
        {
            _streamed.Append(MessageSeparator);
            WriteChunk(new ChatCompletionDelta(Content: MessageSeparator), null);
        }

        _lastMessageIndex = delta.MessageIndex;
        _streamed.Append(delta.Delta);
        WriteChunk(new ChatCompletionDelta(Content: delta.Delta), null);
    }

    private async Task FinishAsync(AgentRunResult result)
    {
        if (_overflowed)
        {
            await WriteErrorAsync(OpenAiFailure.Internal.Error);
            return;
        }

        if (result.Error is { } error)
        {
            await WriteErrorAsync(RunErrorMapper.Map(error).Error);
            return;
        }

        if (chat.Tools.Unmet(result.PendingToolCalls) is { } unmet)
        {
            await WriteErrorAsync(new OpenAiError(unmet, OpenAiErrorTypes.Api));
            return;
        }

        var final = ChatCompletionText.Of(result);
        var streamed = _streamed.ToString();
        if (!final.StartsWith(streamed, StringComparison.Ordinal))
        {
            await WriteErrorAsync(new OpenAiError("Assistant output cannot be represented as an append-only response stream.", OpenAiErrorTypes.Api));
            return;
        }

        if (final.Length > streamed.Length)
        {
            WriteChunk(new ChatCompletionDelta(Content: final[streamed.Length..]), null);
        }

        for (var i = 0; i < result.PendingToolCalls.Count; i++)
        {
            WriteToolCall(i, result.PendingToolCalls[i]);
        }

        WriteChunk(new ChatCompletionDelta(), ChatCompletionText.FinishReason(result));
        if (chat.Request.IncludeUsage)
        {
            WriteFrame(new ChatCompletionChunk(chat.Run.RunId, created, chat.ResponseModel, [], UsageMapper.Map(result)), GatewayJson.Context.ChatCompletionChunk);
        }

        context.Response.BodyWriter.Write(Done);
        await FlushAsync();
    }

    /// <summary>
    /// A client tool call (§4.12 step 4): an identity chunk with an empty arguments string, then the arguments in
    /// slices of at most <see cref="ArgumentSliceLength"/> UTF-16 units that never split a surrogate pair (at least one).
    /// </summary>
    private void WriteToolCall(int index, PendingToolCall call)
    {
        WriteChunk(new ChatCompletionDelta(ToolCalls: [new DeltaToolCall(index, call.Id, "function", new ResponseFunction(call.Name, ""))]), null);
        foreach (var slice in ArgumentSlices(call.ArgumentsJson))
        {
            WriteChunk(new ChatCompletionDelta(ToolCalls: [new DeltaToolCall(index, null, null, new ResponseFunction(null, slice))]), null);
        }
    }

    internal static IEnumerable<string> ArgumentSlices(string arguments)
    {
        if (arguments.Length == 0)
        {
            yield return "";
            yield break;
        }

        for (var start = 0; start < arguments.Length;)
        {
            var length = Math.Min(ArgumentSliceLength, arguments.Length - start);
            if (length < arguments.Length - start && char.IsHighSurrogate(arguments[start + length - 1]))
            {
                length--;
            }

            yield return arguments.Substring(start, length);
            start += length;
        }
    }

    /// <summary>One in-band error frame, then <c>[DONE]</c> (http-api.md §4.12 E).</summary>
    private async Task WriteErrorAsync(OpenAiError error)
    {
        WriteFrame(new OpenAiErrorEnvelope(error), GatewayJson.Context.OpenAiErrorEnvelope);
        context.Response.BodyWriter.Write(Done);
        await FlushAsync();
    }

    private void WriteChunk(ChatCompletionDelta delta, string? finishReason) =>
        WriteFrame(new ChatCompletionChunk(chat.Run.RunId, created, chat.ResponseModel, [new ChatCompletionChunkChoice(0, delta, finishReason)]), GatewayJson.Context.ChatCompletionChunk);

    /// <summary>Serializes one <c>data:</c> frame straight into the response pipe (flushed by the caller).</summary>
    private void WriteFrame<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var pipe = context.Response.BodyWriter;
        pipe.Write(DataPrefix);
        if (_json is null)
        {
            _json = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = GatewayJson.Encoder, SkipValidation = true });
        }
        else
        {
            _json.Reset(pipe);
        }

        JsonSerializer.Serialize(_json, value, typeInfo);
        _json.Flush();
        pipe.Write(FrameEnd);
    }

    private async Task FlushAsync() => await context.Response.BodyWriter.FlushAsync(context.RequestAborted);

    private async Task WriteRawAsync(byte[] bytes)
    {
        await context.Response.BodyWriter.WriteAsync(bytes, context.RequestAborted);
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// The SSE response of a streaming chat completion (http-api.md §4.12): headers and the role chunk at once, one
/// content chunk per assistant delta, the unstreamed suffix, exactly one finish chunk, the usage chunk when asked,
/// then <c>[DONE]</c>. A failure after the headers is one in-band error frame, then <c>[DONE]</c>.
/// </summary>
/// <remarks>
/// It is its run's own sink with flow control: deltas wait in a queue bounded by bytes
/// (<see cref="ChatStreamSettings.MaxBufferedBytes"/>) and go out as fast as Kestrel lets them, which is as fast as
/// the client reads. When the client lags the queue fills, the runner stops pulling the model's stream and the
/// upstream connection's flow control pauses the model, so a slow reader gets every delta at its own pace. The run's
/// timeout keeps running meanwhile; a client that holds the run past it has its connection closed. No single write
/// waits longer than <see cref="ChatStreamSettings.StallLimit"/> either, so a client that stops reading after the
/// run has finished (its last frames fit in the socket's buffers but not the rest) cannot hold the response forever.
/// </remarks>
internal sealed class ChatCompletionStream(HttpContext context, PreparedChat chat, long created, ChatStreamSettings settings)
    : IAgentEventSink, IAgentEventFlowControl
{
    /// <summary>What a queued delta holds besides its characters: the event, the delta record, the string's header.</summary>
    internal const int DeltaOverheadBytes = 128;

    private const string MessageSeparator = "\n\n";

    /// <summary>Tool-call arguments are streamed in slices of at most this many UTF-16 units (§4.12 step 4).</summary>
    private const int ArgumentSliceLength = 256;

    /// <summary>While a backlog drains, a flush at least this often keeps Kestrel's own buffer small too.</summary>
    private const int FlushEveryBytes = 32 * 1024;

    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] KeepAliveFrame = ": keepalive\n\n"u8.ToArray();

    private readonly ByteBoundedQueue<AssistantDelta> _deltas = new(settings.MaxBufferedBytes);

    // Cancels a write the client does not take within the stall limit; re-armed for every write.
    private readonly CancellationTokenSource _stall = new(Timeout.InfiniteTimeSpan, settings.Time);
    private volatile bool _stalled;
    private readonly System.Text.StringBuilder _streamed = new();
    private Utf8JsonWriter? _json;
    private int _lastMessageIndex = -1;

    /// <summary>Bytes of deltas the client has not been sent yet.</summary>
    internal long BufferedBytes => _deltas.PendingBytes;

    public void OnEvent(AgentEvent agentEvent)
    {
        if (agentEvent.Data is AssistantDelta delta)
        {
            _deltas.Enqueue(delta, BytesHeld(delta));
        }
    }

    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var room = _deltas.WaitForRoomAsync(cancellationToken);
        return room.IsCompleted ? room : settings.Monitor.WaitingAsync(room);
    }

    internal static int BytesHeld(AssistantDelta delta) => DeltaOverheadBytes + (delta.Delta.Length * sizeof(char));

    public async Task RunAsync(AgentRunner runner)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            response.Headers.Connection = "keep-alive";
        }

        // Kestrel's minimum data rate would cut a client that pauses reading; here a pause holds the model instead,
        // and the run's timeout bounds it.
        if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } dataRate)
        {
            dataRate.MinDataRate = null;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var abortWrites = aborted.Register(static state => ((CancellationTokenSource)state!).Cancel(), _stall);

        // Told apart when the limit fires, before Kestrel aborts the connection of the cancelled write.
        var stallSeen = _stall.Token.Register(static state => ((ChatCompletionStream)state!).OnStallLimit(), this);
        var runTask = StartRun(runner);
        var pump = Task.CompletedTask;
        try
        {
            WriteChunk(new ChatCompletionDelta(Role: "assistant"), null);
            await FlushAsync();
            pump = PumpDeltasAsync(aborted);
            var result = await runTask;
            if (HeldPastItsTimeout(result) && !aborted.IsCancellationRequested)
            {
                // Its flush may never complete: closing the connection is the only way to end this response.
                settings.Monitor.ClientStalled(chat.Run.RunId, _deltas.PendingBytes);
                context.Abort();
                return;
            }

            await pump;
            if (aborted.IsCancellationRequested)
            {
                return;
            }

            await FinishAsync(result);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && _stalled)
        {
            // A write waited past the stall limit: the client stopped reading. Nothing more can be delivered.
            settings.Monitor.ClientStalled(chat.Run.RunId, _deltas.PendingBytes);
            context.Abort();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            // The client went away: the run is cancelled through RequestAborted and nothing more is written.
        }
        finally
        {
            await ((Task)runTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            settings.Monitor.Observe(_deltas.PeakBytes);
            _json?.Dispose();

            // The registrations first: a disconnect now must not cancel a disposed source.
            abortWrites.Dispose();
            stallSeen.Dispose();
            _stall.Dispose();
        }
    }

    /// <summary>The run timed out while it waited for this client to make room: the client stopped reading.</summary>
    private bool HeldPastItsTimeout(AgentRunResult result) =>
        _deltas.ProducerGaveUp && result.Error?.Reason == RunErrorReasons.Timeout;

    private Task<AgentRunResult> StartRun(AgentRunner runner)
    {
        var run = Task.Run(() => runner.RunAsync(chat.Run with { Events = this }, context.RequestAborted));
        run.ContinueWith(static (_, state) => ((ByteBoundedQueue<AssistantDelta>)state!).Complete(), _deltas, TaskScheduler.Default);
        return run;
    }

    private async Task PumpDeltasAsync(CancellationToken aborted)
    {
        try
        {
            while (await WaitForDeltasAsync(aborted))
            {
                // Everything that queued up while the last flush was in flight goes out, flushed in slices.
                var unflushed = 0;
                while (_deltas.TryDequeue(out var delta, out var bytes))
                {
                    // While tool_choice demands a call, text is held back: the run may still end in a 502 (§4.7).
                    if (!chat.Tools.HasRequirement)
                    {
                        WriteDelta(delta);
                    }

                    unflushed += bytes;
                    if (unflushed >= FlushEveryBytes)
                    {
                        await FlushAsync();
                        unflushed = 0;
                    }
                }

                await FlushAsync();
            }
        }
        finally
        {
            // Whatever ended the pump, the run must never wait for room that nobody will make.
            _deltas.Complete();
        }
    }

    /// <summary>False once the run has ended and every delta was taken; keep-alive comments fill idle stretches.</summary>
    private async Task<bool> WaitForDeltasAsync(CancellationToken aborted)
    {
        while (settings.KeepAlive > TimeSpan.Zero)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            idle.CancelAfter(settings.KeepAlive);
            try
            {
                return await _deltas.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                await WriteRawAsync(KeepAliveFrame);
            }
        }

        return await _deltas.WaitToReadAsync(aborted);
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

    private async Task FlushAsync()
    {
        using var _ = ArmStallTimer();
        await context.Response.BodyWriter.FlushAsync(_stall.Token);
    }

    private async Task WriteRawAsync(byte[] bytes)
    {
        using var _ = ArmStallTimer();
        await context.Response.BodyWriter.WriteAsync(bytes, _stall.Token);
    }

    /// <summary>Arms the stall limit for one write; the returned registration disarms it.</summary>
    private StallArm ArmStallTimer()
    {
        _stall.CancelAfter(settings.StallLimit);
        return new StallArm(this);
    }

    private void Disarm()
    {
        if (!_stall.IsCancellationRequested)
        {
            _stall.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private void OnStallLimit() => _stalled = !context.RequestAborted.IsCancellationRequested;

    private readonly struct StallArm(ChatCompletionStream stream) : IDisposable
    {
        public void Dispose() => stream.Disarm();
    }
}

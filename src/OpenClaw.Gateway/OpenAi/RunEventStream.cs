using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// The transport both OpenAI-compatible streams share (chat completions, http-api.md §4.12; Responses, §6.12): the
/// SSE headers, the opening frames written before the run produces anything, the run's events pumped to the client as
/// it reads, keep-alive comments on idle stretches, and the closing frames once the run has returned. What the frames
/// say is the subclass's business.
/// </summary>
/// <remarks>
/// The stream is its run's own sink with flow control: events wait in a queue bounded by bytes
/// (<see cref="ChatStreamSettings.MaxBufferedBytes"/>) and go out as fast as Kestrel lets them, which is as fast as
/// the client reads. When the client lags the queue fills, the runner stops pulling the model's stream and the
/// upstream connection's flow control pauses the model, so a slow reader gets every delta at its own pace. The run's
/// timeout keeps running meanwhile; a client that holds the run past it has its connection closed. No single write
/// waits longer than <see cref="ChatStreamSettings.StallLimit"/> either, so a client that stops reading after the
/// run has finished (its last frames fit in the socket's buffers but not the rest) cannot hold the response forever.
/// </remarks>
internal abstract class RunEventStream(HttpContext context, AgentRunRequest run, ChatStreamSettings settings)
    : IAgentEventSink, IAgentEventFlowControl
{
    /// <summary>What a queued event holds besides its characters: the event, its record, the string's header.</summary>
    internal const int DeltaOverheadBytes = 128;

    /// <summary>While a backlog drains, a flush at least this often keeps Kestrel's own buffer small too.</summary>
    private const int FlushEveryBytes = 32 * 1024;

    // Why writes ended (_ended).
    private const int Running = 0;
    private const int Stalled = 1;
    private const int ClientGone = 2;

    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] LineEnd = "\n"u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] KeepAliveFrame = ": keepalive\n\n"u8.ToArray();

    private readonly ByteBoundedQueue<AgentEventData> _events = new(settings.MaxBufferedBytes);

    // Cancels a write the client does not take within the stall limit (armed for every write), or any write once the
    // client has gone. Whichever came first is recorded before the writes are cancelled, because Kestrel aborts the
    // request of a cancelled write on a thread of its own, which can beat any callback registered on the token.
    private readonly CancellationTokenSource _stall = new();
    private ITimer? _stallTimer;
    private int _ended;
    private Utf8JsonWriter? _json;

    /// <summary>Bytes of events the client has not been sent yet.</summary>
    internal long BufferedBytes => _events.PendingBytes;

    protected HttpContext Context => context;

    /// <summary>The caller asked for the agent's own activity besides its answer.</summary>
    protected bool AgentActivity => settings.AgentActivity;

    public void OnEvent(AgentEvent agentEvent)
    {
        if (BytesHeld(agentEvent.Data) is { } bytes)
        {
            _events.Enqueue(agentEvent.Data, bytes);
        }
    }

    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var room = _events.WaitForRoomAsync(cancellationToken);
        return room.IsCompleted ? room : settings.Monitor.WaitingAsync(room);
    }

    internal static int BytesHeld(AssistantDelta delta) => DeltaOverheadBytes + (delta.Delta.Length * sizeof(char));

    /// <summary>
    /// The bytes an event of the run holds while queued, or null when this stream does not forward it: the assistant
    /// text always; the reasoning, and with <see cref="IncludesTools"/> the tool calls, when the caller opted in.
    /// </summary>
    private int? BytesHeld(AgentEventData data) => data switch
    {
        AssistantDelta delta => BytesHeld(delta),
        ReasoningDelta reasoning when settings.AgentActivity => DeltaOverheadBytes + (reasoning.Delta.Length * sizeof(char)),
        ToolStarted started when settings.AgentActivity && IncludesTools => DeltaOverheadBytes + ((started.Name.Length + started.ArgumentsJson.Length) * sizeof(char)),
        ToolFinished finished when settings.AgentActivity && IncludesTools => DeltaOverheadBytes + ((finished.Name.Length + finished.Result.Length) * sizeof(char)),
        _ => null,
    };

    /// <summary>Whether this stream's activity includes the agent's tool calls (chat completions has no frame for them).</summary>
    protected virtual bool IncludesTools => false;

    /// <summary>The frames written at once, before the run has produced anything.</summary>
    protected abstract void WriteOpening();

    /// <summary>One forwarded event of the run, in order; written to the pipe (flushed by the caller).</summary>
    protected abstract void WriteEvent(AgentEventData data);

    /// <summary>The closing frames once the run has returned (the caller flushes).</summary>
    protected abstract ValueTask WriteClosingAsync(AgentRunResult result);

    /// <summary>When not null, no run starts: the stream opens and closes with this result.</summary>
    protected virtual AgentRunResult? Precluded => null;

    public async Task RunAsync(AgentRunner runner)
    {
        var aborted = context.RequestAborted;

        // A pause in reading holds the model instead of failing; the run's timeout bounds it.
        SseResponse.Start(context);
        var abortWrites = aborted.Register(static state => ((RunEventStream)state!).EndWrites(ClientGone), this);
        _stallTimer = settings.Time.CreateTimer(
            static state => ((RunEventStream)state!).EndWrites(Stalled), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var runTask = StartRun(runner);
        var pump = Task.CompletedTask;
        try
        {
            WriteOpening();
            await FlushAsync();
            pump = PumpEventsAsync(aborted);
            var result = await runTask;
            if (HeldPastItsTimeout(result) && !aborted.IsCancellationRequested)
            {
                // Its flush may never complete: closing the connection is the only way to end this response.
                settings.Monitor.ClientStalled(run.RunId, _events.PendingBytes);
                context.Abort();
                return;
            }

            await pump;
            if (aborted.IsCancellationRequested)
            {
                return;
            }

            await WriteClosingAsync(result);
            await FlushAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && Volatile.Read(ref _ended) == Stalled)
        {
            // A write waited past the stall limit: the client stopped reading. Nothing more can be delivered.
            settings.Monitor.ClientStalled(run.RunId, _events.PendingBytes);
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
            settings.Monitor.Observe(_events.PeakBytes);
            _json?.Dispose();

            // Both sources of cancellation first, a timer callback under way included: none may cancel a disposed source.
            abortWrites.Dispose();
            await _stallTimer.DisposeAsync();
            _stall.Dispose();
        }
    }

    /// <summary>The run timed out while it waited for this client to make room: the client stopped reading.</summary>
    private bool HeldPastItsTimeout(AgentRunResult result) =>
        _events.ProducerGaveUp && result.Error?.Reason == RunErrorReasons.Timeout;

    private Task<AgentRunResult> StartRun(AgentRunner runner)
    {
        if (Precluded is { } precluded)
        {
            _events.Complete();
            return Task.FromResult(precluded);
        }

        var task = Task.Run(() => runner.RunAsync(run with { Events = this }, context.RequestAborted));
        task.ContinueWith(static (_, state) => ((ByteBoundedQueue<AgentEventData>)state!).Complete(), _events, TaskScheduler.Default);
        return task;
    }

    private async Task PumpEventsAsync(CancellationToken aborted)
    {
        try
        {
            while (await WaitForEventsAsync(aborted))
            {
                // Everything that queued up while the last flush was in flight goes out, flushed in slices.
                var unflushed = 0;
                while (_events.TryDequeue(out var data, out var bytes))
                {
                    WriteEvent(data);
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
            _events.Complete();
        }
    }

    /// <summary>False once the run has ended and every event was taken; keep-alive comments fill idle stretches.</summary>
    private async Task<bool> WaitForEventsAsync(CancellationToken aborted)
    {
        while (settings.KeepAlive > TimeSpan.Zero)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            idle.CancelAfter(settings.KeepAlive);
            try
            {
                return await _events.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                await WriteRawAsync(KeepAliveFrame);
            }
        }

        return await _events.WaitToReadAsync(aborted);
    }

    /// <summary>Serializes one frame (<c>event:</c> line when named, then <c>data:</c>) straight into the response pipe.</summary>
    protected void WriteFrame<T>(T value, JsonTypeInfo<T> typeInfo, string? eventName = null)
    {
        var pipe = context.Response.BodyWriter;
        if (eventName is not null)
        {
            pipe.Write(EventPrefix);
            System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, eventName, pipe);
            pipe.Write(LineEnd);
        }

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

    /// <summary><c>data: [DONE]</c>, the last frame of every stream.</summary>
    protected void WriteDone() => context.Response.BodyWriter.Write(Done);

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
        _stallTimer!.Change(settings.StallLimit, Timeout.InfiniteTimeSpan);
        return new StallArm(this);
    }

    private void Disarm() => _stallTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>Records why writes end (the first reason wins), then cancels the write under way and every later one.</summary>
    private void EndWrites(int why)
    {
        Interlocked.CompareExchange(ref _ended, why, Running);
        _stall.Cancel();
    }

    private readonly struct StallArm(RunEventStream stream) : IDisposable
    {
        public void Dispose() => stream.Disarm();
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.WebSockets.Methods;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// The SSE mode of <c>GET /sessions/{key}/history</c> (http-api.md §8a.3): <c>retry: 1000</c>, an <c>event: history</c>
/// snapshot, then one <c>event: message</c> per message appended to the transcript (or a re-read snapshot when the
/// request pages, or when appends were missed), and every 15 s a re-check of the caller's credentials followed by a
/// <c>: keepalive</c> comment. It never ends by itself: the client leaving, lost authorization, shutdown or a failure
/// end it, without a closing event.
/// </summary>
/// <remarks>
/// The subscription was taken before the snapshot was read, so no append falls between the two; appends the snapshot
/// already holds are recognized by their entry <c>seq</c> and skipped. The stream keeps no messages, only the last
/// entry <c>seq</c> and the message count. A client that reads slowly holds nothing here but what one write is
/// handing it: the feed drops what it cannot hold (a snapshot then catches up), and a write the client does not take
/// within <see cref="StallLimit"/> closes the connection.
/// </remarks>
internal sealed class SessionHistoryStream(HttpContext context, SessionHistoryStreams streams, SessionHistoryQuery query, string sessionId, TranscriptSubscription live)
{
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>The longest one slice of a write may wait for the client: two keep-alive intervals.</summary>
    public static readonly TimeSpan StallLimit = 2 * KeepAliveInterval;

    /// <summary>Large events (a whole transcript) go out in slices, each with its own stall limit.</summary>
    private const int SliceBytes = 32 * 1024;

    private static readonly byte[] RetryFrame = "retry: 1000\n\n"u8.ToArray();
    private static readonly byte[] KeepAliveFrame = ": keepalive\n\n"u8.ToArray();
    private static readonly byte[] HistoryPrefix = "event: history\ndata: "u8.ToArray();
    private static readonly byte[] MessagePrefix = "event: message\ndata: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    private ArrayBufferWriter<byte> _frames = new(SliceBytes);
    private long _lastEntrySeq;
    private long _messageCount;

    /// <summary>
    /// The first frames (<c>retry</c> and the snapshot), built before <see cref="RunAsync"/> so that the transcript they
    /// come from is not referenced by the stream (nor by its caller's awaits) for the stream's lifetime.
    /// </summary>
    /// <param name="entries">The transcript as read after subscribing.</param>
    /// <param name="messages">Its messages (<see cref="TranscriptMessages.Read"/>).</param>
    public void Open(IReadOnlyList<TranscriptEntry> entries, List<JsonObject> messages)
    {
        Add(RetryFrame);
        AddSnapshot(entries, messages);
    }

    /// <summary>
    /// Sends what <see cref="Open"/> built, then follows the transcript until the stream ends; the subscription is
    /// released then.
    /// </summary>
    public async Task RunAsync()
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, streams.Stopping);
        var token = ended.Token;

        // Started before the first byte: once a client has seen the snapshot, the first tick is already scheduled.
        using var ticks = new PeriodicTimer(KeepAliveInterval, streams.Time);
        SseResponse.Start(context);
        try
        {
            await SendAsync(token);
            await FollowAsync(ticks, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left or the host is stopping.
        }
        catch (TimeoutException)
        {
            streams.ClientStalled(query.SessionKey);
            context.Abort();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Already streaming: the response is just closed.
            streams.Failed(ex, query.SessionKey);
        }
        finally
        {
            // Releases the waits still pending on the feed and the timer.
            await ended.CancelAsync();
            live.Dispose();
        }
    }

    private async Task FollowAsync(PeriodicTimer ticks, CancellationToken token)
    {
        var tick = ticks.WaitForNextTickAsync(token).AsTask();
        var update = live.WaitAsync(token);
        while (true)
        {
            await Task.WhenAny(tick, update);
            token.ThrowIfCancellationRequested();

            // Checked before anything is written, so a caller whose secret was rotated gets nothing more.
            if (!CredentialRecheck.StillGrants(context, streams.Auth.Current, GatewayScopes.Read))
            {
                return;
            }

            if (tick.IsCompleted)
            {
                await tick;
                Add(KeepAliveFrame);
                await SendAsync(token);
                tick = ticks.WaitForNextTickAsync(token).AsTask();
            }

            if (update.IsCompleted)
            {
                await update;
                await DeliverAsync(live.Take(), token);
                update = live.WaitAsync(token);
            }
        }
    }

    private async Task DeliverAsync(TranscriptAppends appends, CancellationToken token)
    {
        var fresh = appends.Entries.Where(e => e.Seq > _lastEntrySeq).ToList();
        var contiguous = fresh.Select((entry, i) => entry.Seq == _lastEntrySeq + 1 + i).All(same => same);
        if (appends.Lagged || !contiguous || (query.IsPaged && fresh.Exists(e => e.Type == "message")))
        {
            // Appends were dropped or skipped, or the page may have moved: the snapshot says what holds now.
            var entries = await streams.Store.ReadTranscriptAsync(sessionId, token);
            AddSnapshot(entries, TranscriptMessages.Read(entries, maxChars: null));
            await SendAsync(token);
            return;
        }

        foreach (var entry in fresh)
        {
            _lastEntrySeq = entry.Seq;
            if (query.IsPaged || !TranscriptMessages.TryRead(entry, out var message))
            {
                continue;
            }

            _messageCount++;
            AddEvent(MessagePrefix, new SessionHistoryMessageEvent(query.SessionKey, SessionHistoryQuery.Cut(message), entry.EntryId, _messageCount),
                GatewayJson.Context.SessionHistoryMessageEvent);
        }

        await SendAsync(token);
    }

    private void AddSnapshot(IReadOnlyList<TranscriptEntry> entries, List<JsonObject> messages)
    {
        _lastEntrySeq = entries.Count > 0 ? entries[^1].Seq : 0;
        _messageCount = messages.Count;
        AddEvent(HistoryPrefix, query.Page(messages), GatewayJson.Context.SessionHistoryPage);
    }

    private void AddEvent<T>(byte[] prefix, T data, JsonTypeInfo<T> typeInfo)
    {
        Add(prefix);
        using (var writer = new Utf8JsonWriter(_frames, new JsonWriterOptions { Encoder = GatewayJson.Encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, data, typeInfo);
        }

        Add(FrameEnd);
    }

    private void Add(byte[] bytes) => _frames.Write(bytes);

    /// <summary>Writes what was added, slice by slice; a slice the client does not take within the stall limit ends the stream.</summary>
    private async Task SendAsync(CancellationToken token)
    {
        var pending = _frames.WrittenMemory;
        while (!pending.IsEmpty)
        {
            var slice = pending[..Math.Min(SliceBytes, pending.Length)];
            var write = context.Response.BodyWriter.WriteAsync(slice, token);
            if (!write.IsCompletedSuccessfully)
            {
                var waiting = write.AsTask();
                try
                {
                    await streams.WaitForClientAsync(waiting, StallLimit, token);
                }
                catch (TimeoutException)
                {
                    // The write stays pending until the connection is aborted; its outcome no longer matters.
                    _ = waiting.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    throw;
                }
            }

            pending = pending[slice.Length..];
        }

        // A snapshot can be large; its buffer is not kept for the keep-alives that follow.
        if (_frames.Capacity > 4 * SliceBytes)
        {
            _frames = new ArrayBufferWriter<byte>(SliceBytes);
        }
        else
        {
            _frames.ResetWrittenCount();
        }
    }
}

namespace OpenClaw.Core.Sessions;

/// <summary>
/// One reader of a transcript's appends (<see cref="TranscriptFeed.Subscribe"/>). Appends wait here until
/// <see cref="Take"/>; when more than <see cref="MaxPendingBytes"/> would wait, all of them are dropped and the next
/// <see cref="Take"/> reports <see cref="TranscriptAppends.Lagged"/>: the reader must then re-read the transcript,
/// which holds everything published before that take. Appends published after it queue again.
/// </summary>
public sealed class TranscriptSubscription : IDisposable
{
    private readonly TranscriptFeed _feed;
    private readonly Lock _gate = new();
    private List<TranscriptEntry> _pending = [];
    private long _pendingBytes;
    private bool _lagged;
    private bool _disposed;
    private TaskCompletionSource? _signal;

    internal TranscriptSubscription(TranscriptFeed feed, string sessionId, long maxPendingBytes)
    {
        _feed = feed;
        SessionId = sessionId;
        MaxPendingBytes = maxPendingBytes;
    }

    public string SessionId { get; }

    public long MaxPendingBytes { get; }

    /// <summary>Bytes of appends not taken yet (never more than <see cref="MaxPendingBytes"/>).</summary>
    public long PendingBytes
    {
        get
        {
            lock (_gate)
            {
                return _pendingBytes;
            }
        }
    }

    /// <summary>Completes once appends or a lag wait to be taken: at once if they already do, or once disposed.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_pending.Count > 0 || _lagged || _disposed)
            {
                return Task.CompletedTask;
            }

            signal = (_signal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>Everything that waits, in publishing order, and whether appends were dropped since the last take.</summary>
    public TranscriptAppends Take()
    {
        lock (_gate)
        {
            var taken = new TranscriptAppends(_pending, _lagged);
            (_pending, _pendingBytes, _lagged) = ([], 0, false);
            return taken;
        }
    }

    public void Dispose()
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            (_pending, _pendingBytes) = ([], 0);
            (signal, _signal) = (_signal, null);
        }

        _feed.Remove(this);
        signal?.TrySetResult();
    }

    internal void Offer(IReadOnlyList<TranscriptEntry> entries, long bytes)
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_lagged)
            {
                // Dropped: the reader re-reads the transcript after its next take, and these entries are in it.
            }
            else if (_pendingBytes + bytes > MaxPendingBytes)
            {
                (_pending, _pendingBytes, _lagged) = ([], 0, true);
                _feed.CountLag();
            }
            else
            {
                _pending.AddRange(entries);
                _pendingBytes += bytes;
                _feed.ObservePending(_pendingBytes);
            }

            (signal, _signal) = (_signal, null);
        }

        signal?.TrySetResult();
    }
}

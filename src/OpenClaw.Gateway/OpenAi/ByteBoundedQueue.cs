using System.Threading.Channels;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// A single-producer, single-consumer FIFO bounded by the bytes it holds, not by its item count. Enqueueing never
/// blocks (the producer publishes inline); instead the producer awaits <see cref="WaitForRoomAsync"/> afterwards,
/// which holds it while <see cref="LimitBytes"/> or more are pending and lets it go once the consumer has taken the
/// queue down to half the limit, so a producer and a consumer of different speeds meet in bursts rather than item by
/// item. At most one item (the one that crossed the limit) is ever pending beyond the limit.
/// </summary>
internal sealed class ByteBoundedQueue<T>
{
    private readonly Channel<(T Item, int Bytes)> _items = Channel.CreateUnbounded<(T, int)>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly Lock _gate = new();
    private long _pending;
    private long _peak;
    private bool _completed;
    private volatile bool _producerGaveUp;
    private TaskCompletionSource? _room;

    public ByteBoundedQueue(long limitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limitBytes, 1);
        LimitBytes = limitBytes;
    }

    public long LimitBytes { get; }

    public long PendingBytes
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>The most bytes that were ever pending at once.</summary>
    public long PeakBytes
    {
        get
        {
            lock (_gate)
            {
                return _peak;
            }
        }
    }

    /// <summary>True while the producer is held, until the consumer (or <see cref="Complete"/>) lets it go.</summary>
    public bool ProducerWaiting
    {
        get
        {
            lock (_gate)
            {
                return _room is not null;
            }
        }
    }

    /// <summary>True once a <see cref="WaitForRoomAsync"/> ended by its token: the producer gave up on the consumer.</summary>
    public bool ProducerGaveUp => _producerGaveUp;

    /// <summary>Adds an item that holds <paramref name="bytes"/>; after <see cref="Complete"/> it is dropped.</summary>
    public void Enqueue(T item, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            // Under the lock, so the consumer's decrement for this item can never come before its increment.
            if (!_items.Writer.TryWrite((item, bytes)))
            {
                return;
            }

            _pending += bytes;
            _peak = Math.Max(_peak, _pending);
        }
    }

    /// <summary>Completes at once below the limit (or once completed); otherwise when the consumer has made room.</summary>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        Task room;
        lock (_gate)
        {
            if (_pending < LimitBytes || _completed)
            {
                return ValueTask.CompletedTask;
            }

            room = (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        return WaitAsync(room, cancellationToken);
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _items.Reader.WaitToReadAsync(cancellationToken);

    public bool TryDequeue(out T item, out int bytes)
    {
        if (!_items.Reader.TryRead(out var entry))
        {
            (item, bytes) = (default!, 0);
            return false;
        }

        (item, bytes) = entry;
        TaskCompletionSource? room = null;
        lock (_gate)
        {
            _pending -= bytes;
            if (_room is not null && _pending <= LimitBytes / 2)
            {
                (room, _room) = (_room, null);
            }
        }

        room?.TrySetResult();
        return true;
    }

    /// <summary>No more items: the consumer drains what is left, and a waiting producer is let go (nothing would free it).</summary>
    public void Complete()
    {
        TaskCompletionSource? room;
        lock (_gate)
        {
            _completed = true;
            (room, _room) = (_room, null);
            _items.Writer.TryComplete();
        }

        room?.TrySetResult();
    }

    private async ValueTask WaitAsync(Task room, CancellationToken cancellationToken)
    {
        try
        {
            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _producerGaveUp = true;
            throw;
        }
    }
}

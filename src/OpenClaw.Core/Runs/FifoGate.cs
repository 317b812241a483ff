namespace OpenClaw.Core.Runs;

/// <summary>An async semaphore that admits waiters strictly in arrival order.</summary>
internal sealed class FifoGate(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _available = capacity;

    public int Capacity { get; } = capacity;

    /// <summary>Waits for a slot; dispose the result to release it.</summary>
    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_available > 0 && _waiters.Count == 0)
            {
                _available--;
                return new Releaser(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Releaser(this);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    throw;
                }
            }

            // The slot was handed over just as we gave up: pass it on.
            Release();
            throw;
        }
    }

    private void Release()
    {
        TaskCompletionSource? next = null;
        lock (_lock)
        {
            if (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _available++;
            }
        }

        next?.TrySetResult();
    }

    /// <summary>Releases the slot once.</summary>
    public struct Releaser(FifoGate gate) : IDisposable
    {
        private FifoGate? _gate = gate;

        public void Dispose()
        {
            Interlocked.Exchange(ref _gate, null)?.Release();
        }
    }
}

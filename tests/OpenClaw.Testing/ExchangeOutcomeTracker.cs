namespace OpenClaw.Testing;

/// <summary>
/// Collects the signals that decide how an exchange ended. Kestrel raises the client abort on
/// its own thread while the handler is still writing, hence the lock.
/// </summary>
internal sealed class ExchangeOutcomeTracker
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _clientAbortedAt;
    private DateTimeOffset? _serverAbortedAt;
    private int _chunksWritten;

    /// <summary>True when neither side has been seen to cut the exchange.</summary>
    public bool NoAbortSeen
    {
        get
        {
            lock (_gate)
            {
                return _clientAbortedAt is null && _serverAbortedAt is null;
            }
        }
    }

    public void ChunkWritten() => Interlocked.Increment(ref _chunksWritten);

    /// <summary>Keeps the first sighting: that is when the client actually went away.</summary>
    public void MarkClientAbort()
    {
        lock (_gate)
        {
            _clientAbortedAt ??= DateTimeOffset.UtcNow;
        }
    }

    /// <summary>Keeps the latest call, so a drop that is delayed is stamped when it happened.</summary>
    public void MarkServerAbort()
    {
        lock (_gate)
        {
            _serverAbortedAt = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>
    /// A deliberate server cut wins over everything, because Kestrel also reports our own
    /// <c>HttpContext.Abort()</c> as a request abort.
    /// </summary>
    public UpstreamRequestOutcome Resolve(bool finished)
    {
        var chunks = Volatile.Read(ref _chunksWritten);
        lock (_gate)
        {
            if (_serverAbortedAt is { } serverAt)
            {
                return new(UpstreamOutcomeKind.ServerAborted, serverAt, chunks);
            }

            return finished
                ? new(UpstreamOutcomeKind.Completed, DateTimeOffset.UtcNow, chunks)
                : new(UpstreamOutcomeKind.ClientAborted, _clientAbortedAt ?? DateTimeOffset.UtcNow, chunks);
        }
    }
}

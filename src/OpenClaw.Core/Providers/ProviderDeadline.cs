namespace OpenClaw.Core.Providers;

/// <summary>
/// The deadline of one model call: cancelled with the caller's token, as a linked source would be, and timed on the
/// host's <see cref="TimeProvider"/>, so <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> runs on the
/// clock the host (or a test) gives it.
/// </summary>
internal sealed class ProviderDeadline : CancellationTokenSource
{
    private readonly CancellationTokenRegistration _caller;

    public ProviderDeadline(TimeProvider time, CancellationToken cancellationToken)
        : base(Timeout.InfiniteTimeSpan, time)
    {
        Time = time;
        _caller = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), this);
    }

    /// <summary>The clock the deadline runs on, also the one a failure's <c>Retry-After</c> date is read against.</summary>
    public TimeProvider Time { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _caller.Dispose();
        }

        base.Dispose(disposing);
    }
}

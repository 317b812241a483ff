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
        _caller = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _caller.Dispose();
        }

        base.Dispose(disposing);
    }
}

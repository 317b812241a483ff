namespace OpenClaw.Core.Coordination;

/// <summary>
/// How runs ended, for <c>agent.wait</c> (gateway-protocol.md §6.4): recorded by the run pipeline for every run it
/// registered or refused, kept for a while (5 minutes in process) and readable before the run even appears.
/// </summary>
public interface IRunOutcomes
{
    /// <summary>Records how the run ended; the first outcome of a run wins.</summary>
    ValueTask FinishedAsync(RunOutcome outcome, CancellationToken cancellationToken);

    /// <summary>The run's outcome, waiting up to <paramref name="timeout"/> for it; null when it did not come.</summary>
    ValueTask<RunOutcome?> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>
/// How a run ended: <see cref="Status"/> is <c>ok</c> (with <see cref="StopReason"/>, also for an aborted run) or
/// <c>error</c> (with <see cref="Error"/>). <see cref="StartedAt"/> is null for a run refused before it started.
/// </summary>
public sealed record RunOutcome(string RunId, long? StartedAt, long EndedAt, string Status, string? StopReason, string? Error)
{
    public const string Ok = "ok";
    public const string Failed = "error";
}

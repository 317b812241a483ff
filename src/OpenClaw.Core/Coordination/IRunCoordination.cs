namespace OpenClaw.Core.Coordination;

/// <summary>
/// Everything that coordinates runs, in one port: the session lease (one turn per session at a time), the registry of
/// runs in flight and their abort, the fan-out of run events, run outcomes (for <c>agent.wait</c>) and idempotency
/// entries. Entry points and the run pipeline talk to runs only through it. <see cref="InProcess.InProcessRunCoordination"/>
/// keeps it all in this process's memory; an implementation shared by several processes replaces it without
/// touching callers: every operation that may cross processes is async and cancellable, leases expire, and events
/// carry a per-run sequence number.
/// </summary>
public interface IRunCoordination
{
    ISessionLeases Leases { get; }

    IRunRegistry Runs { get; }

    IRunEvents Events { get; }

    IRunOutcomes Outcomes { get; }

    IIdempotencyStore Idempotency { get; }
}

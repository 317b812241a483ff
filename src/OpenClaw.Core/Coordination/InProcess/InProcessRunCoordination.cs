namespace OpenClaw.Core.Coordination.InProcess;

/// <summary>Run coordination within one process: what a single gateway (or the CLI's embedded runtime) needs.</summary>
public sealed class InProcessRunCoordination(TimeProvider time) : IRunCoordination
{
    public InProcessRunCoordination()
        : this(TimeProvider.System)
    {
    }

    public ISessionLeases Leases { get; } = new InProcessSessionLeases();

    public IRunRegistry Runs { get; } = new InProcessRunRegistry();

    public IRunEvents Events { get; } = new InProcessRunEvents();

    public IRunOutcomes Outcomes { get; } = new InProcessRunOutcomes(time);

    public IIdempotencyStore Idempotency { get; } = new InProcessIdempotencyStore(time);
}

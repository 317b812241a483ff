namespace OpenClaw.Core.Runs;

/// <summary>
/// Backpressure a run's own sink (<see cref="AgentRunRequest.Events"/>) may offer. After publishing an assistant
/// delta the runner awaits <see cref="WaitForRoomAsync"/> before it pulls the next update from the model, so a
/// requester that cannot take its stream as fast as the model writes it slows the upstream down (TCP flow control
/// does the rest) instead of piling the answer up in memory. Sinks that do not implement it are never waited for,
/// and neither are the bus's subscribers (agent-runtime.md §1.2).
/// </summary>
public interface IAgentEventFlowControl
{
    /// <summary>
    /// Completes when the sink can take more. The run's token (its timeout included) keeps running meanwhile: a
    /// requester that never makes room ends the run as timed out.
    /// </summary>
    ValueTask WaitForRoomAsync(CancellationToken cancellationToken);
}

using OpenClaw.Core.Coordination;

namespace OpenClaw.Core.Runs;

/// <summary>
/// Sends a run's events to its requester and to everyone watching (<see cref="IRunEvents"/>), numbered per run, and
/// keeps the rule that a run has exactly one terminal lifecycle event (agent-runtime.md §1.2).
/// </summary>
internal sealed class RunEventPublisher(IRunEvents events, TimeProvider time)
{
    public void Publish(RunState run, string? sessionId, AgentEventData data)
    {
        if (data is LifecycleEnded or LifecycleFailed)
        {
            run.TerminalPublished = true;
        }

        var agentEvent = new AgentEvent(
            run.Request.RunId, run.NextEventSeq(), time.GetUtcNow().ToUnixTimeMilliseconds(), run.SessionKey, run.AgentId, sessionId, data);
        run.Request.Events?.OnEvent(agentEvent);
        events.Publish(agentEvent);
    }

    /// <summary>The terminal event of a run that ends before its turn was answered, unless it already has one.</summary>
    public void PublishFailed(RunState run, string error)
    {
        if (!run.TerminalPublished)
        {
            Publish(run, run.Session?.SessionId, new LifecycleFailed(run.StartedAt, time.GetUtcNow().ToUnixTimeMilliseconds(), error));
        }
    }

    /// <summary>Reasoning goes to the requester only (seq 0: it is not part of the run's numbered stream).</summary>
    public void PublishReasoning(RunState run, ReasoningDelta delta) =>
        run.Request.Events?.OnEvent(new AgentEvent(
            run.Request.RunId, 0, time.GetUtcNow().ToUnixTimeMilliseconds(), run.SessionKey, run.AgentId, run.Session!.SessionId, delta));
}

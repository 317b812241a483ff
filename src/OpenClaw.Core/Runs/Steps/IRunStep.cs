namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// One ordered step of the run pipeline (load session, select model, build prompt, start turn, tool loop). A step
/// reads what the steps before it put on the <see cref="RunState"/> and adds its own; returning a result ends the run
/// there (it has published the run's terminal event), null hands over to the next step.
/// </summary>
internal interface IRunStep
{
    ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken);
}

using Microsoft.Extensions.Logging;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;

namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// Picks the model the turn starts with: the run's override, else the session's (or a reset trigger's), else the
/// agent's primary. A configured primary without credentials fails like a provider 401 would: the first usable
/// fallback takes over. An explicit override is what the caller asked for, so its failure ends the run.
/// </summary>
internal sealed class SelectModelStep(IProcessEnvironment environment, RunEventPublisher publisher, ILogger logger) : IRunStep
{
    public ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken)
    {
        var cfg = run.Snapshot.Config;
        var sessionModel = run.Reset?.ModelOverride ?? (run.Fresh ? run.Existing!.ModelOverride : null);
        var (model, modelError) = ModelResolver.Resolve(cfg, run.AgentId, run.Request.ModelOverride, sessionModel, environment);
        var fromConfig = run.Request.ModelOverride is null && sessionModel is null;
        if (model is null && modelError!.IsAuth && fromConfig)
        {
            RunLog.PrimaryUnavailable(logger, run.Request.RunId, modelError.Message);
            model = ModelResolver.Fallbacks(cfg, run.AgentId)
                .Select(candidate => ModelResolver.ResolveRef(cfg, candidate, environment).Model)
                .FirstOrDefault(candidate => candidate is not null);
        }

        if (model is null)
        {
            var reason = modelError!.IsAuth ? RunErrorReasons.Auth : RunErrorReasons.Internal;
            publisher.PublishFailed(run, modelError.Message);
            return ValueTask.FromResult<AgentRunResult?>(run.Failed(new RunError(reason, modelError.Message, modelError.IsAuth ? 401 : null)));
        }

        run.Model = model;
        return ValueTask.FromResult<AgentRunResult?>(null);
    }
}

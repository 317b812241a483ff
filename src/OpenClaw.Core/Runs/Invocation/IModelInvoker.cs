using Microsoft.Extensions.AI;
using OpenClaw.Core.Models;

namespace OpenClaw.Core.Runs.Invocation;

/// <summary>The pipeline's fixed end for model calls: the primary model with retries, then its fallbacks, behind the circuit breakers.</summary>
internal interface IModelInvoker
{
    /// <summary>The last call's outcome and the model that gave it.</summary>
    Task<(ModelCallOutcome Outcome, ResolvedModel Model)> InvokeAsync(
        RunState run, ResolvedModel primary, List<ChatMessage> messages, CancellationToken cancellationToken);
}

using Microsoft.Extensions.AI;
using OpenClaw.Core.Models;

namespace OpenClaw.Core.Runs.Invocation;

/// <summary>One streamed call of one model, its deltas published as they arrive.</summary>
internal interface IModelCall
{
    Task<ModelCallOutcome> CallAsync(RunState run, ResolvedModel model, List<ChatMessage> messages, int messageIndex, CancellationToken cancellationToken);
}

using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Runs.Invocation;

/// <summary>
/// How one model call ended; <see cref="Text"/> is the visible (possibly partial) assistant text and
/// <see cref="Emitted"/> tells whether subscribers already saw some of it (such a call is never retried).
/// </summary>
internal sealed record ModelCallOutcome(
    string Text, string StopReason, RunUsage? Usage, ProviderException? Failure, bool Cancelled, bool Emitted, IReadOnlyList<FunctionCallContent> ToolCalls)
{
    /// <summary>
    /// The tool loop already recorded this call's assistant message (with its tool calls): the run stopped on client
    /// tools, at the loop limit, or was aborted while a tool ran.
    /// </summary>
    public bool AlreadyRecorded { get; init; }

    /// <summary>The call waited for the requester's room at least once: the gateway itself stopped reading the upstream.</summary>
    public bool ClientPaused { get; init; }
}

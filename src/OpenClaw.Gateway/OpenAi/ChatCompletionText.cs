using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>The assistant text of a finished run as both response modes report it (http-api.md §4.11).</summary>
internal static class ChatCompletionText
{
    public const string NoResponse = "No response from OpenClaw.";

    /// <summary>The failure when the final text does not continue what was already streamed (§4.12, §6.12).</summary>
    public const string NotAppendOnly = "Assistant output cannot be represented as an append-only response stream.";

    /// <summary>Payload texts joined by a blank line; none: the no-response text, or <c>""</c> for a run that ended on tool calls.</summary>
    public static string Of(AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Payloads.Count > 0 ? string.Join("\n\n", result.Payloads) : result.PendingToolCalls.Count > 0 ? "" : NoResponse;
    }

    /// <summary>The <c>finish_reason</c>: <c>tool_calls</c> when the run ended on client tool calls, else <c>stop</c>.</summary>
    public static string FinishReason(AgentRunResult result) => result.PendingToolCalls.Count > 0 ? "tool_calls" : "stop";
}

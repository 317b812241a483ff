using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>The assistant text of a finished run as both response modes report it (http-api.md §4.11).</summary>
internal static class ChatCompletionText
{
    public const string NoResponse = "No response from OpenClaw.";

    public static string Of(AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Payloads.Count > 0 ? string.Join("\n\n", result.Payloads) : NoResponse;
    }
}

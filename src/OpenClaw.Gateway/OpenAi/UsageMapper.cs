using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>OpenClaw usage to OpenAI usage (http-api.md §4.13).</summary>
internal static class UsageMapper
{
    public static ChatUsage Map(AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var usage = result.Usage.IsZero && result.LastCallUsage is { } last ? last : result.Usage;
        var prompt = usage.Input + usage.CacheRead;
        var completion = usage.Output;
        return new ChatUsage(
            prompt,
            completion,
            Math.Max(prompt + completion, usage.Total),
            usage.CacheRead > 0 ? new PromptTokensDetails(usage.CacheRead) : null,
            usage.Reasoning is > 0 and var reasoning ? new CompletionTokensDetails(reasoning) : null);
    }
}

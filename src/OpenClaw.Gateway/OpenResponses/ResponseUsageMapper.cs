using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>OpenClaw usage to Responses usage (http-api.md §6.10): unlike chat, cache writes count as input.</summary>
internal static class ResponseUsageMapper
{
    public static ResponseUsage Map(AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var usage = result.Usage.IsZero && result.LastCallUsage is { } last ? last : result.Usage;
        var cacheRead = Count(usage.CacheRead);
        var cacheWrite = Count(usage.CacheWrite);
        var input = Count(usage.Input) + cacheRead + cacheWrite;
        var output = Count(usage.Output);
        return new ResponseUsage(
            input,
            new InputTokensDetails(cacheRead, cacheWrite),
            output,
            new OutputTokensDetails(Count(usage.Reasoning ?? 0)),
            Math.Max(input + output, Count(usage.Total)));
    }

    private static long Count(long value) => Math.Max(0, value);
}

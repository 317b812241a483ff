using System.Text.Json.Nodes;

namespace OpenClaw.Core.Runs;

/// <summary>
/// The final answer of an <c>agent</c> run as the protocol reports it (gateway-protocol.md, <c>agent</c>): the WebSocket
/// method's second response and the CLI's <c>--json</c> output.
/// </summary>
public static class AgentRunPayload
{
    /// <summary>The payload of a failed run: <c>{runId, status:"error", summary}</c>.</summary>
    public static JsonObject Failed(string runId, string message) =>
        new() { ["runId"] = runId, ["status"] = "error", ["summary"] = message };

    /// <summary>The payload of a completed run: its texts, duration, stop reason, model and usage.</summary>
    public static JsonObject Completed(AgentRunResult result)
    {
        var payloads = new JsonArray();
        foreach (var text in result.Payloads)
        {
            payloads.Add((JsonNode)new JsonObject { ["text"] = text, ["mediaUrl"] = null });
        }

        var agentMeta = new JsonObject { ["sessionId"] = result.SessionId };
        if (result.Provider is not null)
        {
            agentMeta["provider"] = result.Provider;
            agentMeta["model"] = result.Model;
        }

        agentMeta["usage"] = Usage(result.Usage);
        agentMeta["lastCallUsage"] = Usage(result.LastCallUsage ?? result.Usage);
        return new JsonObject
        {
            ["runId"] = result.RunId,
            ["status"] = "ok",
            ["summary"] = "completed",
            ["result"] = new JsonObject
            {
                ["payloads"] = payloads,
                ["meta"] = new JsonObject
                {
                    ["durationMs"] = result.DurationMs,
                    ["aborted"] = result.Aborted,
                    ["stopReason"] = result.StopReason,
                    ["agentMeta"] = agentMeta,
                },
            },
        };
    }

    private static JsonObject Usage(RunUsage usage) => new()
    {
        ["input"] = usage.Input,
        ["output"] = usage.Output,
        ["cacheRead"] = usage.CacheRead,
        ["cacheWrite"] = usage.CacheWrite,
        ["total"] = usage.Total,
    };
}

using System.Text.Json.Nodes;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary>JSON shapes of sessions: the <c>sessions.list</c> Row and the SessionEntry of patch/reset results (§6.8).</summary>
internal static class SessionRows
{
    /// <summary>A Row, keys in the spec's order, absent values omitted.</summary>
    public static JsonObject Row(SessionEntry entry, string mainKey, IReadOnlyList<string> activeRunIds)
    {
        var kind = SessionKeys.KindOf(entry.SessionKey) switch
        {
            "global" => "global",
            "group" or "thread" => "group",
            "direct" => "direct",
            _ => "unknown",
        };
        var row = new JsonObject
        {
            ["key"] = entry.SessionKey,
            ["kind"] = kind,
            ["agentId"] = entry.AgentId,
            ["isMain"] = SessionKeys.IsMainKey(entry.SessionKey, mainKey),
        };
        Optional(row, "label", entry.Label);
        Optional(row, "displayName", entry.DisplayName);
        row["updatedAt"] = entry.UpdatedAt;
        row["sessionId"] = entry.SessionId;
        row["abortedLastRun"] = entry.AbortedLastRun;
        Optional(row, "thinkingLevel", entry.ThinkingLevel);
        Optional(row, "verboseLevel", entry.VerboseLevel);
        row["inputTokens"] = entry.InputTokens;
        row["outputTokens"] = entry.OutputTokens;
        row["totalTokens"] = entry.TotalTokens;
        Optional(row, "modelProvider", entry.ModelProvider);
        Optional(row, "model", entry.Model);
        if (entry.ContextTokens > 0)
        {
            row["contextTokens"] = entry.ContextTokens;
        }

        var running = activeRunIds.Count > 0;
        row["status"] = running ? "running" : entry.AbortedLastRun ? "aborted" : "done";
        Optional(row, "lastRunId", running ? activeRunIds[^1] : entry.LastRunId);
        row["hasActiveRun"] = running;
        return row;
    }

    /// <summary>The stored entry (the original's SessionEntry subset we keep).</summary>
    public static JsonObject Entry(SessionEntry entry)
    {
        var json = new JsonObject
        {
            ["sessionId"] = entry.SessionId,
            ["updatedAt"] = entry.UpdatedAt,
        };
        if (entry.SessionStartedAt is { } started)
        {
            json["sessionStartedAt"] = started;
        }

        if (entry.LastInteractionAt is { } interaction)
        {
            json["lastInteractionAt"] = interaction;
        }

        json["systemSent"] = entry.SystemSent;
        json["abortedLastRun"] = entry.AbortedLastRun;
        json["createdAt"] = entry.CreatedAt;
        Optional(json, "label", entry.Label);
        Optional(json, "displayName", entry.DisplayName);
        Optional(json, "channel", entry.Channel);
        Optional(json, "chatType", entry.ChatType);
        Optional(json, "thinkingLevel", entry.ThinkingLevel);
        Optional(json, "verboseLevel", entry.VerboseLevel);
        Optional(json, "providerOverride", entry.ProviderOverride);
        Optional(json, "modelOverride", entry.ModelOverride);
        Optional(json, "sendPolicy", entry.SendPolicy);
        json["inputTokens"] = entry.InputTokens;
        json["outputTokens"] = entry.OutputTokens;
        json["cacheRead"] = entry.CacheRead;
        json["cacheWrite"] = entry.CacheWrite;
        json["totalTokens"] = entry.TotalTokens;
        Optional(json, "modelProvider", entry.ModelProvider);
        Optional(json, "model", entry.Model);
        if (entry.ContextTokens > 0)
        {
            json["contextTokens"] = entry.ContextTokens;
        }

        Optional(json, "lastRunId", entry.LastRunId);
        return json;
    }

    private static void Optional(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }
}

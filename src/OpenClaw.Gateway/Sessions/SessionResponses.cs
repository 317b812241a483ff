using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// A page of <c>GET /sessions/{key}/history</c> (http-api.md §8a.2), also the data of its SSE <c>history</c> event:
/// <c>items</c> and <c>messages</c> hold the same messages (the original sends both); <c>nextCursor</c> only with
/// <c>hasMore</c>.
/// </summary>
internal sealed record SessionHistoryPage(
    [property: JsonPropertyName("sessionKey")] string SessionKey,
    [property: JsonPropertyName("items")] IReadOnlyList<JsonObject> Items,
    [property: JsonPropertyName("messages")] IReadOnlyList<JsonObject> Messages,
    [property: JsonPropertyName("hasMore")] bool HasMore,
    [property: JsonPropertyName("nextCursor")] string? NextCursor = null);

/// <summary>The data of an SSE <c>message</c> event of the history stream (http-api.md §8a.3).</summary>
internal sealed record SessionHistoryMessageEvent(
    [property: JsonPropertyName("sessionKey")] string SessionKey,
    [property: JsonPropertyName("message")] JsonObject Message,
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("messageSeq")] long MessageSeq);

/// <summary>The answer of <c>POST /sessions/{key}/kill</c> (http-api.md §8a.4): <c>{"ok":true,"killed":…}</c>.</summary>
internal sealed record SessionKillResponse(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("killed")] bool Killed);

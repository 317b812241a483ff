using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.OpenResponses;

// [extension] The opt-in agent activity events of a Responses stream (README "Agent activity on streams").

/// <summary><b>[extension]</b> <c>openclaw.tool_call.started</c>: the agent calls one of its own tools.</summary>
internal sealed record AgentToolStartedEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("response_id")] string ResponseId,
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("tool_call_id")] string ToolCallId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("arguments")] string Arguments);

/// <summary><b>[extension]</b> <c>openclaw.tool_call.completed</c>: the result the agent got from its tool.</summary>
internal sealed record AgentToolCompletedEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("response_id")] string ResponseId,
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("tool_call_id")] string ToolCallId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("is_error")] bool IsError,
    [property: JsonPropertyName("output")] string Output);

/// <summary><b>[extension]</b> <c>openclaw.reasoning.delta</c>: reasoning text the model streamed.</summary>
internal sealed record AgentReasoningDeltaEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("response_id")] string ResponseId,
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("delta")] string Delta);

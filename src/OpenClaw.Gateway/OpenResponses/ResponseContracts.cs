using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>The response object (http-api.md §6.11): in every body and lifecycle event; <c>error</c> only on failures.</summary>
internal sealed record ResponseObject(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("output")] IReadOnlyList<object> Output,
    [property: JsonPropertyName("usage")] ResponseUsage Usage,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ResponseError? Error = null)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "response";
}

internal sealed record ResponseError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

/// <summary>The assistant message item; <c>phase</c> is absent while it is in progress.</summary>
internal sealed record ResponseMessageItem(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-1)] string Id,
    [property: JsonPropertyName("content"), JsonPropertyOrder(1)] IReadOnlyList<OutputTextPart> Content,
    [property: JsonPropertyName("phase"), JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Phase,
    [property: JsonPropertyName("status"), JsonPropertyOrder(3)] string Status)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-2)]
    public string Type => "message";

    [JsonPropertyName("role")]
    [JsonPropertyOrder(0)]
    public string Role => "assistant";
}

internal sealed record OutputTextPart([property: JsonPropertyName("text")] string Text)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type => "output_text";
}

/// <summary>A client tool call; <c>status</c> only in a stream's <c>output_item.done</c> (and what follows it).</summary>
internal sealed record FunctionCallItem(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-1)] string Id,
    [property: JsonPropertyName("call_id")] string CallId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("arguments")] string Arguments,
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-2)]
    public string Type => "function_call";
}

/// <summary>Usage with both detail objects, always (http-api.md §6.10).</summary>
internal sealed record ResponseUsage(
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("input_tokens_details")] InputTokensDetails InputTokensDetails,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("output_tokens_details")] OutputTokensDetails OutputTokensDetails,
    [property: JsonPropertyName("total_tokens")] long TotalTokens)
{
    public static readonly ResponseUsage Zero = new(0, new InputTokensDetails(0, 0), 0, new OutputTokensDetails(0), 0);
}

internal sealed record InputTokensDetails(
    [property: JsonPropertyName("cached_tokens")] long CachedTokens,
    [property: JsonPropertyName("cache_write_tokens")] long CacheWriteTokens);

internal sealed record OutputTokensDetails([property: JsonPropertyName("reasoning_tokens")] long ReasoningTokens);

/// <summary><c>response.created</c>, <c>.in_progress</c>, <c>.completed</c>, <c>.failed</c>.</summary>
internal sealed record ResponseLifecycleEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("response")] ResponseObject Response);

/// <summary><c>response.output_item.added</c> and <c>.done</c>.</summary>
internal sealed record ResponseOutputItemEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("output_index")] int OutputIndex,
    [property: JsonPropertyName("item")] object Item);

/// <summary><c>response.content_part.added</c> and <c>.done</c>.</summary>
internal sealed record ResponseContentPartEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("output_index")] int OutputIndex,
    [property: JsonPropertyName("content_index")] int ContentIndex,
    [property: JsonPropertyName("part")] OutputTextPart Part);

internal sealed record ResponseTextDeltaEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("output_index")] int OutputIndex,
    [property: JsonPropertyName("content_index")] int ContentIndex,
    [property: JsonPropertyName("delta")] string Delta);

internal sealed record ResponseTextDoneEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("item_id")] string ItemId,
    [property: JsonPropertyName("output_index")] int OutputIndex,
    [property: JsonPropertyName("content_index")] int ContentIndex,
    [property: JsonPropertyName("text")] string Text);

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

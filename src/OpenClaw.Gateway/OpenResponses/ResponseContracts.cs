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

using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>The non-streaming body (http-api.md §4.11).</summary>
internal sealed record ChatCompletionResponse(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatCompletionChoice> Choices,
    [property: JsonPropertyName("usage")] ChatUsage Usage)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion";
}

internal sealed record ChatCompletionChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] ChatCompletionMessage Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason);

internal sealed record ChatCompletionMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("tool_calls")] IReadOnlyList<ResponseToolCall>? ToolCalls = null);

/// <summary>A client tool call in the non-streaming message (no <c>index</c>, as observed T#39).</summary>
internal sealed record ResponseToolCall(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("function")] ResponseFunction Function)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type => "function";
}

internal sealed record ResponseFunction(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("arguments")] string Arguments);

/// <summary>A streamed tool call: the identity chunk carries id, type and name; argument chunks only the slice.</summary>
internal sealed record DeltaToolCall(
    [property: JsonPropertyName("index"), JsonPropertyOrder(-3)] int Index,
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string? Id,
    [property: JsonPropertyName("type"), JsonPropertyOrder(-1)] string? Type,
    [property: JsonPropertyName("function")] ResponseFunction Function);

/// <summary>One SSE chunk (http-api.md §4.12). <c>usage</c> only on the usage chunk.</summary>
internal sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatCompletionChunkChoice> Choices,
    [property: JsonPropertyName("usage")] ChatUsage? Usage = null)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "chat.completion.chunk";
}

internal sealed record ChatCompletionChunkChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("delta")] ChatCompletionDelta Delta,
    [property: JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

/// <summary>
/// A delta; absent members are omitted, so the finish chunk's delta is <c>{}</c>. <c>reasoning_content</c>
/// (<b>[extension]</b>, the DeepSeek/vLLM/OpenRouter convention) only for a caller that opted in.
/// </summary>
internal sealed record ChatCompletionDelta(
    [property: JsonPropertyName("role")] string? Role = null,
    [property: JsonPropertyName("content")] string? Content = null,
    [property: JsonPropertyName("tool_calls")] IReadOnlyList<DeltaToolCall>? ToolCalls = null,
    [property: JsonPropertyName("reasoning_content")] string? ReasoningContent = null);

/// <summary>OpenAI usage (http-api.md §4.13); the details objects appear only when they carry data.</summary>
internal sealed record ChatUsage(
    [property: JsonPropertyName("prompt_tokens")] long PromptTokens,
    [property: JsonPropertyName("completion_tokens")] long CompletionTokens,
    [property: JsonPropertyName("total_tokens")] long TotalTokens,
    [property: JsonPropertyName("prompt_tokens_details")] PromptTokensDetails? PromptTokensDetails = null,
    [property: JsonPropertyName("completion_tokens_details")] CompletionTokensDetails? CompletionTokensDetails = null);

internal sealed record PromptTokensDetails([property: JsonPropertyName("cached_tokens")] long CachedTokens);

internal sealed record CompletionTokensDetails([property: JsonPropertyName("reasoning_tokens")] long ReasoningTokens);

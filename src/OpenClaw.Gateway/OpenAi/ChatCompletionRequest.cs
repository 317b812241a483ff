using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// A validated <c>POST /v1/chat/completions</c> body (http-api.md §4.2). Unknown keys are ignored; values are
/// taken as sent (<c>messages</c>, <c>tools</c> and friends stay raw JSON for the later steps).
/// </summary>
internal sealed record ChatCompletionRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("messages")]
    public JsonElement? Messages { get; init; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; init; }

    [JsonPropertyName("stream_options")]
    public ChatStreamOptions? StreamOptions { get; init; }

    [JsonPropertyName("user")]
    public string? User { get; init; }

    [JsonPropertyName("tools")]
    public JsonElement? Tools { get; init; }

    [JsonPropertyName("tool_choice")]
    public JsonElement? ToolChoice { get; init; }

    [JsonPropertyName("max_tokens")]
    public long? MaxTokens { get; init; }

    [JsonPropertyName("max_completion_tokens")]
    public long? MaxCompletionTokens { get; init; }

    [JsonPropertyName("temperature")]
    public double? Temperature { get; init; }

    [JsonPropertyName("top_p")]
    public double? TopP { get; init; }

    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty { get; init; }

    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty { get; init; }

    [JsonPropertyName("seed")]
    public long? Seed { get; init; }

    /// <summary>Normalized to an array.</summary>
    [JsonPropertyName("stop")]
    public IReadOnlyList<string>? Stop { get; init; }

    [JsonPropertyName("response_format")]
    public JsonElement? ResponseFormat { get; init; }

    [JsonIgnore]
    public bool IsStreaming => Stream == true;

    [JsonIgnore]
    public bool IncludeUsage => StreamOptions?.IncludeUsage == true;
}

internal sealed record ChatStreamOptions
{
    [JsonPropertyName("include_usage")]
    public bool? IncludeUsage { get; init; }
}

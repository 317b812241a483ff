using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.OpenResponses;

// The events of a Responses stream (http-api.md §6.12), keys in the spec's order.

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

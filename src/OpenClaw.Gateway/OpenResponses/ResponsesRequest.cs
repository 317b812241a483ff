using System.Text.Json;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// A <c>POST /v1/responses</c> body that passed the strict schema (http-api.md §6.2). Only what the endpoint uses is
/// kept; the accepted-and-ignored fields (<c>text</c>, <c>metadata</c>, <c>store</c>, …) are validated and dropped.
/// </summary>
internal sealed record ResponsesRequest
{
    /// <summary>Echoed verbatim in every response object.</summary>
    public required string Model { get; init; }

    /// <summary>A string, or an array of validated items (§6.3).</summary>
    public required JsonElement Input { get; init; }

    public string? Instructions { get; init; }

    /// <summary>Validated flat function tools, or null.</summary>
    public JsonElement? Tools { get; init; }

    public JsonElement? ToolChoice { get; init; }

    public bool Stream { get; init; }

    public long? MaxOutputTokens { get; init; }

    public string? User { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public string? PreviousResponseId { get; init; }
}

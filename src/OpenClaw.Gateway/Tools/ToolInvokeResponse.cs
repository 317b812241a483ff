using System.Text.Json.Serialization;
using OpenClaw.Core.Tools;

namespace OpenClaw.Gateway.Tools;

/// <summary>
/// The success body of <c>POST /tools/invoke</c> (http-api.md §8.5): <c>{"ok":true,"result":{"content":[…]}}</c>, the
/// tool's text block first, then one block per image.
/// </summary>
internal sealed record ToolInvokeResponse(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("result")] ToolInvokeResult Result)
{
    public static ToolInvokeResponse From(ToolResult result) =>
        new(true, new ToolInvokeResult([ToolContentBlock.OfText(result.Text), .. result.Images.Select(ToolContentBlock.OfImage)]));
}

internal sealed record ToolInvokeResult([property: JsonPropertyName("content")] IReadOnlyList<ToolContentBlock> Content);

/// <summary>A text block <c>{type, text}</c> or an image block <c>{type, data, mimeType}</c>.</summary>
internal sealed record ToolContentBlock(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string? Text = null,
    [property: JsonPropertyName("data")] string? Data = null,
    [property: JsonPropertyName("mimeType")] string? MimeType = null)
{
    public static ToolContentBlock OfText(string text) => new("text", Text: text);

    public static ToolContentBlock OfImage(ToolImage image) => new("image", Data: image.Base64Data, MimeType: image.MimeType);
}

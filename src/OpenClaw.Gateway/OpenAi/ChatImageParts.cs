using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Gateway.Inputs;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// Finds the images of the active turn (http-api.md §4.6): the last user or tool message; a tool message sends none,
/// and images of earlier messages are never looked at. A part is <c>{"type":"image_url","image_url":{"url":…}}</c> or
/// <c>{"type":"image_url","image_url":"…"}</c>.
/// </summary>
internal static class ChatImageParts
{
    public const string InvalidImage = "Invalid image_url content in `messages`.";

    /// <summary>The URL values (JSON strings, validated later), or null when a part of the active turn is malformed.</summary>
    public static List<JsonElement>? ActiveTurnUrls(JsonElement? messages)
    {
        if (messages is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        return ActiveTurn.TryGetUserMessage(array.EnumerateArray(), RoleOf, out var turn) ? Urls(turn) : [];
    }

    private static TurnRole RoleOf(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role"u8, out var role) && JsonText.TryGetString(role, out var text)
            ? text.Trim() switch
            {
                "user" => TurnRole.User,
                "tool" or "function" => TurnRole.ToolResult,
                _ => TurnRole.Other,
            }
            : TurnRole.Other;

    private static List<JsonElement>? Urls(JsonElement message)
    {
        var urls = new List<JsonElement>();
        if (!message.TryGetProperty("content"u8, out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return urls;
        }

        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object
                || !part.TryGetProperty("type"u8, out var type) || !JsonText.ValueEquals(type, "image_url"u8))
            {
                continue;
            }

            if (!part.TryGetProperty("image_url"u8, out var imageUrl))
            {
                return null;
            }

            if (imageUrl.ValueKind == JsonValueKind.Object && imageUrl.TryGetProperty("url"u8, out var url) && url.ValueKind == JsonValueKind.String)
            {
                urls.Add(url);
            }
            else if (imageUrl.ValueKind == JsonValueKind.String)
            {
                urls.Add(imageUrl);
            }
            else
            {
                return null;
            }
        }

        return urls;
    }
}

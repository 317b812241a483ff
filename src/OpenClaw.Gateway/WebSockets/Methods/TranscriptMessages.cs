using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary>
/// The <c>message</c> objects of a transcript as clients see them (<c>chat.history</c>, <c>sessions.preview</c>): the
/// user's text without the timestamp envelope the model saw (agent-runtime.md §7.3), text blocks optionally cut.
/// </summary>
internal static partial class TranscriptMessages
{
    public static List<JsonObject> Read(IReadOnlyList<TranscriptEntry> entries, int? maxChars)
    {
        var messages = new List<JsonObject>(entries.Count);
        foreach (var entry in entries)
        {
            if (TryRead(entry, out var message))
            {
                if (maxChars is { } limit)
                {
                    Truncate(message, limit);
                }

                messages.Add(message);
            }
        }

        return messages;
    }

    /// <summary>The message of one entry (a fresh object), or false when the entry holds none.</summary>
    public static bool TryRead(TranscriptEntry entry, [NotNullWhen(true)] out JsonObject? message)
    {
        message = null;
        if (entry.Type != "message" || JsonNode.Parse(entry.PayloadJson)?["message"] is not JsonObject stored)
        {
            return false;
        }

        message = (JsonObject)stored.DeepClone();
        if (message["role"]?.GetValue<string>() == "user")
        {
            message["content"] = StripEnvelope(message["content"]);
        }

        return true;
    }

    /// <summary>The visible text of a message: its string content, or its text blocks joined.</summary>
    public static string Text(JsonObject message) => message["content"] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray blocks => string.Join("\n", blocks.OfType<JsonObject>()
            .Where(b => b["type"]?.GetValue<string>() == "text")
            .Select(b => b["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    public static string Cut(string text, int maxChars) => text.Length <= maxChars ? text : text[..maxChars];

    /// <summary>
    /// Cuts every text longer than <paramref name="maxChars"/> UTF-16 units (never inside a surrogate pair) and marks
    /// the cut with <c>\n...(truncated)...</c>, as HTTP session history does (http-api.md §8a.2).
    /// </summary>
    public static void TruncateMarked(JsonObject message, int maxChars) => MapTexts(message, text => CutMarked(text, maxChars));

    private static string CutMarked(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return text[..end] + "\n...(truncated)...";
    }

    private static JsonNode? StripEnvelope(JsonNode? content)
    {
        switch (content)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return Envelope().Replace(value.GetValue<string>(), "", 1);
            case JsonArray blocks when blocks.FirstOrDefault(b => b?["type"]?.GetValue<string>() == "text") is JsonObject first:
                first["text"] = Envelope().Replace(first["text"]?.GetValue<string>() ?? "", "", 1);
                return blocks;
            default:
                return content;
        }
    }

    private static void Truncate(JsonObject message, int maxChars) => MapTexts(message, text => Cut(text, maxChars));

    /// <summary>Replaces a message's texts: its string content, or each of its text blocks.</summary>
    private static void MapTexts(JsonObject message, Func<string, string> map)
    {
        switch (message["content"])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                message["content"] = map(value.GetValue<string>());
                break;
            case JsonArray blocks:
                foreach (var block in blocks.OfType<JsonObject>().Where(b => b["type"]?.GetValue<string>() == "text"))
                {
                    block["text"] = map(block["text"]?.GetValue<string>() ?? "");
                }

                break;
        }
    }

    [GeneratedRegex(@"^\[[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}[^\]]*\] ")]
    private static partial Regex Envelope();
}

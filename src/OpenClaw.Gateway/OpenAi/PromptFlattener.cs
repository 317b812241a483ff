using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Core.Prompt;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>The agent prompt built from OpenAI <c>messages</c>.</summary>
internal sealed record FlattenedPrompt(PromptText Message, string? ExtraSystemPrompt);

/// <summary>
/// Flattens an OpenAI conversation into one user message plus an extra system prompt (http-api.md §4.5): system
/// and developer texts go to the system prompt; the rest becomes <c>Sender: body</c> entries, with history markers
/// when there is more than the current message. Message text is read leniently (invalid UTF-8 and lone surrogates
/// become U+FFFD, as the original decodes its body); a role or part type that is not valid text is not recognized.
/// </summary>
/// <remarks>
/// The message is built as <see cref="PromptText"/> pieces that point into the request body (given as
/// <c>document</c>, the memory the JSON was parsed from) wherever the text needs no unescaping: a 20 MiB message costs
/// no copy here, and the body must then outlive the run.
/// </remarks>
internal static class PromptFlattener
{
    public const string MissingUserMessage = "Missing user message in `messages`.";
    private const string ImageOnlyBody = "User sent image(s) with no text.";

    public static (FlattenedPrompt? Prompt, string? Error) Flatten(JsonElement? messages, ReadOnlyMemory<byte> document = default)
    {
        var system = new List<string>();
        var entries = new List<Entry>();
        if (messages is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var message in array.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object
                    || !message.TryGetProperty("role"u8, out var roleElement) || !JsonText.TryGetString(roleElement, out var roleText))
                {
                    continue;
                }

                var role = roleText.Trim();
                switch (role)
                {
                    case "system" or "developer":
                        if (ContentText(message, document) is { IsEmpty: false } instructions)
                        {
                            system.Add(instructions.ToString());
                        }

                        break;
                    case "user":
                        var text = ContentText(message, document);
                        entries.Add(new Entry(true, "User", text, KeepEmpty: false) { ImageOnly = text.IsEmpty && HasImageParts(message) });
                        break;
                    case "assistant":
                        entries.Add(new Entry(false, "Assistant", AssistantBody(message, document), KeepEmpty: false));
                        break;
                    case "tool" or "function":
                        // Malformed or unidentified empty tool results are dropped like any empty entry.
                        entries.Add(ToolEntry(message, legacy: role == "function", document) ?? new Entry(true, "Tool", PromptText.Empty, KeepEmpty: false));
                        break;
                }
            }
        }

        // Only the active turn (the last user or tool message) gets the image-only placeholder.
        var activeIndex = entries.FindLastIndex(e => e.IsActiveRole);
        if (activeIndex >= 0 && entries[activeIndex].ImageOnly)
        {
            entries[activeIndex] = entries[activeIndex] with { Body = ImageOnlyBody };
        }

        if (PromptAssembly.Assemble([.. entries.Select(e => new PromptEntry(e.IsActiveRole, e.Sender, e.Body, e.KeepEmpty))]) is not { } prompt)
        {
            return (null, MissingUserMessage);
        }

        return (new FlattenedPrompt(prompt, system.Count > 0 ? string.Join("\n\n", system) : null), null);
    }

    /// <summary>Text of <c>content</c>: a string, or the non-empty text parts joined with newlines; trimmed.</summary>
    public static PromptText ContentText(JsonElement message, ReadOnlyMemory<byte> document = default)
    {
        if (!message.TryGetProperty("content"u8, out var content))
        {
            return PromptText.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return PromptText.FromUtf8(JsonText.GetLenientUtf8(content, document)).Trim();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return PromptText.Empty;
        }

        var parts = new List<PromptText>();
        foreach (var part in content.EnumerateArray())
        {
            if (PartText(part, document) is { IsEmpty: false } text)
            {
                if (parts.Count > 0)
                {
                    parts.Add("\n");
                }

                parts.Add(text);
            }
        }

        return PromptText.Concat([.. parts]).Trim();
    }

    private static PromptText? PartText(JsonElement part, ReadOnlyMemory<byte> document)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type"u8, out var type)
            || !(IsString(type, "text"u8) || IsString(type, "input_text"u8)))
        {
            return null;
        }

        if (part.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
        {
            return PromptText.FromUtf8(JsonText.GetLenientUtf8(text, document));
        }

        return part.TryGetProperty("input_text"u8, out var inputText) && inputText.ValueKind == JsonValueKind.String
            ? PromptText.FromUtf8(JsonText.GetLenientUtf8(inputText, document))
            : null;
    }

    private static bool HasImageParts(JsonElement message) =>
        message.TryGetProperty("content"u8, out var content) && content.ValueKind == JsonValueKind.Array
        && content.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("type"u8, out var t) && IsString(t, "image_url"u8));

    private static PromptText AssistantBody(JsonElement message, ReadOnlyMemory<byte> document)
    {
        var lines = new List<PromptText>();
        if (ContentText(message, document) is { IsEmpty: false } text)
        {
            lines.Add(text);
        }

        if (message.TryGetProperty("tool_calls"u8, out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                if (call.ValueKind != JsonValueKind.Object
                    || !call.TryGetProperty("id"u8, out var idElement) || JsonText.GetLenientString(idElement) is not { Length: > 0 } id
                    || !call.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object
                    || !function.TryGetProperty("name"u8, out var nameElement) || JsonText.GetLenientString(nameElement) is not { Length: > 0 } name)
                {
                    continue;
                }

                var arguments = function.TryGetProperty("arguments"u8, out var args) ? Arguments(args, document) : PromptText.Empty;
                lines.Add(PromptText.Concat($"tool_call id={id} name={name} arguments=", arguments));
            }
        }

        var joined = new List<PromptText>(lines.Count * 2);
        foreach (var line in lines)
        {
            if (joined.Count > 0)
            {
                joined.Add("\n");
            }

            joined.Add(line);
        }

        return PromptText.Concat([.. joined]);
    }

    /// <summary>String arguments as their text; any other JSON as written (faults replaced by U+FFFD).</summary>
    private static PromptText Arguments(JsonElement args, ReadOnlyMemory<byte> document)
    {
        if (args.ValueKind == JsonValueKind.String)
        {
            return PromptText.FromUtf8(JsonText.GetLenientUtf8(args, document));
        }

        return PromptText.FromUtf8(JsonText.GetLenientRawUtf8(args, document));
    }

    private static Entry? ToolEntry(JsonElement message, bool legacy, ReadOnlyMemory<byte> document)
    {
        var callId = message.TryGetProperty("tool_call_id"u8, out var idElement) ? JsonText.GetLenientString(idElement).Trim() : "";
        var name = message.TryGetProperty("name"u8, out var nameElement) ? JsonText.GetLenientString(nameElement).Trim() : "";
        var sender = callId.Length > 0 ? $"Tool:{callId}" : name.Length > 0 ? $"Tool:{name}" : "Tool";
        var text = ContentText(message, document);
        if (!text.IsEmpty)
        {
            return new Entry(true, sender, text, KeepEmpty: false);
        }

        // A tool result that is legitimately empty is kept, so the model still sees the call was answered.
        var identified = callId.Length > 0 || (legacy && name.Length > 0);
        return identified && IsEmptyToolContent(message, legacy) ? new Entry(true, sender, PromptText.Empty, KeepEmpty: true) : null;
    }

    private static bool IsEmptyToolContent(JsonElement message, bool legacy)
    {
        if (!message.TryGetProperty("content"u8, out var content))
        {
            return false;
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => true,
            JsonValueKind.Null => legacy,
            JsonValueKind.Array => content.EnumerateArray().All(p =>
                p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type"u8, out var t) && IsString(t, "text"u8)
                && p.TryGetProperty("text"u8, out var x) && x.ValueKind == JsonValueKind.String),
            _ => false,
        };
    }

    /// <summary>True for a JSON string equal to <paramref name="expected"/>; any other kind or invalid text is simply not a match.</summary>
    private static bool IsString(JsonElement value, ReadOnlySpan<byte> expected) => JsonText.ValueEquals(value, expected);

    private sealed record Entry(bool IsActiveRole, string Sender, PromptText Body, bool KeepEmpty)
    {
        public bool ImageOnly { get; init; }
    }
}

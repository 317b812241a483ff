using System.Text.Json;
using OpenClaw.Core.Json;
using static OpenClaw.Gateway.OpenResponses.ZodMessages;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// <c>input</c> (http-api.md §6.3): a string, or an array of strict items. Any problem inside an item is the union's
/// <c>input: Invalid input</c>, except a <c>phase</c> on a message that is not the assistant's.
/// </summary>
internal static class ResponsesInputValidator
{
    public const string Message = "message";
    public const string FunctionCall = "function_call";
    public const string FunctionCallOutput = "function_call_output";

    private static readonly string[] ImageMimes = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif"];

    public static string? Validate(JsonElement? input)
    {
        if (input is { ValueKind: JsonValueKind.String })
        {
            return null;
        }

        if (input is not { ValueKind: JsonValueKind.Array } items)
        {
            return At("input", InvalidInput);
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (!IsValidItem(item, out var misplacedPhase))
            {
                return At("input", InvalidInput);
            }

            if (misplacedPhase)
            {
                return At($"input.{index}.phase", "`phase` is only valid on assistant messages.");
            }

            index++;
        }

        return null;
    }

    /// <summary>
    /// The item's type; <b>[extension]</b> an element without a <c>type</c> key that has a <c>role</c> is a
    /// <c>message</c> (OpenAI's "easy input message", sent by the openai SDK and the Vercel AI SDK).
    /// </summary>
    public static string? TypeOf(JsonFields item) => item.Get("type") switch
    {
        { ValueKind: JsonValueKind.String } type => JsonText.GetLenientString(type),
        null when item.Has("role") => Message,
        _ => null,
    };

    private static bool IsValidItem(JsonElement element, out bool misplacedPhase)
    {
        misplacedPhase = false;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var item = JsonFields.Of(element);
        switch (TypeOf(item))
        {
            case Message:
                var role = item.String("role");
                var valid = role is "system" or "developer" or "user" or "assistant"
                    && IsContent(item.Get("content"))
                    && IsOptionalString(item, "id")
                    && IsOptionalOption(item, "phase", "commentary", "final_answer")
                    && IsOptionalOption(item, "status", "in_progress", "completed", "incomplete")
                    && OnlyKeys(item, "type", "role", "content", "id", "phase", "status");
                misplacedPhase = valid && item.Has("phase") && role != "assistant";
                return valid;
            case FunctionCall:
                return IsString(item, "name") && IsString(item, "arguments") && IsOptionalString(item, "call_id")
                    && IsOptionalString(item, "id") && IsOptionalOption(item, "status", "in_progress", "completed", "incomplete")
                    && OnlyKeys(item, "type", "name", "arguments", "call_id", "id", "status");
            case FunctionCallOutput:
                return IsString(item, "call_id") && IsString(item, "output") && OnlyKeys(item, "type", "call_id", "output");
            case "reasoning":
                return IsOptionalString(item, "content") && IsOptionalString(item, "encrypted_content") && IsOptionalString(item, "summary")
                    && OnlyKeys(item, "type", "content", "encrypted_content", "summary");
            case "item_reference":
                return IsString(item, "id") && OnlyKeys(item, "type", "id");
            default:
                return false;
        }
    }

    private static bool IsContent(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.String } => true,
        { ValueKind: JsonValueKind.Array } parts => parts.EnumerateArray().All(IsValidPart),
        _ => false,
    };

    private static bool IsValidPart(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var part = JsonFields.Of(element);
        return part.String("type") switch
        {
            "input_text" or "output_text" => IsString(part, "text") && OnlyKeys(part, "type", "text"),
            "input_image" => IsSource(part.Get("source"), image: true) && OnlyKeys(part, "type", "source"),
            "input_file" => IsSource(part.Get("source"), image: false) && OnlyKeys(part, "type", "source"),
            _ => false,
        };
    }

    /// <summary>Not strict: extra keys are dropped. A URL must be absolute (any scheme: others fail later, §6.5).</summary>
    private static bool IsSource(JsonElement? element, bool image)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return false;
        }

        var source = JsonFields.Of(obj);
        return source.String("type") switch
        {
            "url" => source.String("url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out _),
            "base64" => source.String("data") is { Length: > 0 }
                && source.String("media_type") is { Length: > 0 } mime
                && (!image || ImageMimes.Contains(mime, StringComparer.Ordinal))
                && (image || IsOptionalString(source, "filename")),
            _ => false,
        };
    }

    private static bool IsString(JsonFields fields, string name) => fields.Get(name) is { ValueKind: JsonValueKind.String };

    private static bool IsOptionalString(JsonFields fields, string name) => fields.Get(name) is null or { ValueKind: JsonValueKind.String };

    private static bool IsOptionalOption(JsonFields fields, string name, params string[] options) =>
        !fields.Has(name) || (fields.String(name) is { } value && options.Contains(value, StringComparer.Ordinal));

    private static bool OnlyKeys(JsonFields fields, params string[] known) => fields.Names.All(n => known.Contains(n, StringComparer.Ordinal));
}

using System.Text.Json;
using OpenClaw.Core.Json;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// Validates a chat completion body in the order of http-api.md §4.1 steps 7–11, with the original's messages:
/// schema type errors <c>"&lt;path&gt;: Invalid input: expected X, received Y"</c>, then token caps, response_format,
/// stop and sampling ranges.
/// </summary>
internal static class ChatCompletionRequestParser
{
    private const long MaxSafeInteger = 9_007_199_254_740_991;

    /// <summary>
    /// The objects whose members are looked up by name. <c>tools</c> is checked per tool, names and values, so the
    /// error names the tool (<see cref="ClientToolSelection"/>); members the gateway ignores are not looked at.
    /// </summary>
    private static readonly string[] ReadObjects = ["messages", "stream_options", "tool_choice", "response_format"];

    public static (ChatCompletionRequest? Request, string? Error) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, TypeError("", "object", root));
        }

        // Step 7: property names that cannot be read (a lookup passing one would throw), schema types, text.
        var schemaError =
            InvalidName(root)
            ?? Expect(root, "model", JsonValueKind.String, nullable: false)
            ?? Expect(root, "messages", JsonValueKind.Array, nullable: false)
            ?? Expect(root, "stream", JsonValueKind.True, nullable: true)
            ?? Expect(root, "stream_options", JsonValueKind.Object, nullable: true)
            ?? ExpectStreamOptions(root)
            ?? Expect(root, "user", JsonValueKind.String, nullable: false)
            ?? Expect(root, "tools", JsonValueKind.Array, nullable: false)
            ?? Expect(root, "temperature", JsonValueKind.Number, nullable: true)
            ?? Expect(root, "top_p", JsonValueKind.Number, nullable: true)
            ?? Expect(root, "frequency_penalty", JsonValueKind.Number, nullable: true)
            ?? Expect(root, "presence_penalty", JsonValueKind.Number, nullable: true)
            ?? Expect(root, "seed", JsonValueKind.Number, nullable: true)
            ?? InvalidText(root, "model")
            ?? InvalidText(root, "user");
        if (schemaError is not null)
        {
            return (null, schemaError);
        }

        // Step 8: both token caps are validated even when both are present.
        var (maxTokens, maxTokensError) = PositiveSafeInteger(root, "max_tokens");
        var (maxCompletion, maxCompletionError) = PositiveSafeInteger(root, "max_completion_tokens");
        if ((maxTokensError ?? maxCompletionError) is { } capError)
        {
            return (null, capError);
        }

        // Steps 9–11.
        var (responseFormat, formatError) = ResponseFormat(root);
        var (stop, stopError) = Stop(root);
        var rangeError = formatError ?? stopError
            ?? Range(root, "temperature", 0, 2, "`temperature` must be between 0 and 2.")
            ?? Range(root, "top_p", 0, 1, "`top_p` must be between 0 and 1.")
            ?? Range(root, "frequency_penalty", -2, 2, "`frequency_penalty` must be between -2.0 and 2.0.")
            ?? Range(root, "presence_penalty", -2, 2, "`presence_penalty` must be between -2.0 and 2.0.")
            ?? Seed(root);
        if (rangeError is not null)
        {
            return (null, rangeError);
        }

        return (new ChatCompletionRequest
        {
            Model = String(root, "model"),
            Messages = Present(root, "messages"),
            Stream = root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            StreamOptions = root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
                ? new ChatStreamOptions { IncludeUsage = options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True }
                : null,
            User = String(root, "user"),
            Tools = Present(root, "tools"),
            ToolChoice = Present(root, "tool_choice"),
            MaxTokens = maxTokens,
            MaxCompletionTokens = maxCompletion,
            Temperature = Number(root, "temperature"),
            TopP = Number(root, "top_p"),
            FrequencyPenalty = Number(root, "frequency_penalty"),
            PresencePenalty = Number(root, "presence_penalty"),
            Seed = Number(root, "seed") is { } seed ? (long)seed : null,
            Stop = stop,
            ResponseFormat = responseFormat,
        }, null);
    }

    private static string? InvalidName(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!JsonText.IsValidName(property))
            {
                return InvalidTextMessages.PropertyName(JsonText.GetLenientName(property));
            }
        }

        foreach (var name in ReadObjects)
        {
            if (root.TryGetProperty(name, out var value) && JsonText.FindInvalidPropertyName(value) is { } path)
            {
                return InvalidTextMessages.PropertyName(InvalidTextMessages.Under(name, path));
            }
        }

        return null;
    }

    private static string? InvalidText(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !JsonText.IsValid(value)
            ? InvalidTextMessages.Field(name)
            : null;

    private static string? Expect(JsonElement root, string name, JsonValueKind kind, bool nullable)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null && nullable)
        {
            return null;
        }

        var matches = kind == JsonValueKind.True
            ? value.ValueKind is JsonValueKind.True or JsonValueKind.False
            : value.ValueKind == kind;
        return matches ? null : TypeError(name, KindName(kind), value);
    }

    private static string? ExpectStreamOptions(JsonElement root) =>
        root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var includeUsage)
            && includeUsage.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
            ? TypeError("stream_options.include_usage", "boolean", includeUsage)
            : null;

    /// <summary>
    /// A positive safe integer or null, with the original's zod messages (type, then integer, then &gt; 0, then
    /// the safe-integer ceiling).
    /// </summary>
    private static (long? Value, string? Error) PositiveSafeInteger(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return (null, TypeError(name, "number", value));
        }

        var number = value.TryGetDouble(out var parsed) ? parsed : double.PositiveInfinity;
        if (double.IsFinite(number) && number % 1 != 0)
        {
            return (null, $"{name}: Invalid input: expected int, received number");
        }

        if (number <= 0)
        {
            return (null, $"{name}: Too small: expected number to be >0");
        }

        return number > MaxSafeInteger
            ? (null, $"{name}: Too big: expected int to be <={MaxSafeInteger}")
            : ((long)number, null);
    }

    private static (JsonElement? Value, string? Error) ResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            return (null, "Invalid response_format: response_format must be an object");
        }

        if (!format.TryGetProperty("type", out var type)
            || !(JsonText.ValueEquals(type, "text"u8) || JsonText.ValueEquals(type, "json_object"u8) || JsonText.ValueEquals(type, "json_schema"u8)))
        {
            return (null, "Invalid response_format: response_format.type must be text, json_object, or json_schema");
        }

        if (JsonText.ValueEquals(type, "json_schema"u8) && !(format.TryGetProperty("json_schema", out var schema) && schema.ValueKind == JsonValueKind.Object))
        {
            return (null, "Invalid response_format: response_format.json_schema must be an object");
        }

        // It is written to the provider as sent: every string in it must be writable.
        return JsonText.FindInvalidText(format) is { } path
            ? (null, "Invalid response_format: " + InvalidTextMessages.At(InvalidTextMessages.Under("response_format", path)))
            : (format.Clone(), null);
    }

    private static (IReadOnlyList<string>? Value, string? Error) Stop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return !JsonText.TryGetString(stop, out var single) ? (null, "Invalid stop: " + InvalidTextMessages.At("stop"))
                : single.Length > 0 ? ([single], null)
                : (null, "Invalid stop: stop entries must be non-empty strings");
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            return (null, "Invalid stop: stop must be a string or an array of strings");
        }

        if (stop.GetArrayLength() > 4)
        {
            return (null, "Invalid stop: stop supports at most 4 sequences");
        }

        var sequences = new List<string>(stop.GetArrayLength());
        foreach (var item in stop.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return (null, "Invalid stop: stop entries must be non-empty strings");
            }

            // Every earlier entry was added, so the count is this entry's index.
            if (!JsonText.TryGetString(item, out var text))
            {
                return (null, "Invalid stop: " + InvalidTextMessages.At($"stop.{sequences.Count}"));
            }

            if (text.Length == 0)
            {
                return (null, "Invalid stop: stop entries must be non-empty strings");
            }

            sequences.Add(text);
        }

        return (sequences, null);
    }

    private static string? Range(JsonElement root, string name, double min, double max, string message) =>
        Number(root, name) is { } value && !(value >= min && value <= max) ? message : null;

    private static string? Seed(JsonElement root) =>
        Number(root, "seed") is { } seed && (seed % 1 != 0 || Math.Abs(seed) > MaxSafeInteger) ? "`seed` must be an integer." : null;

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.TryGetDouble(out var number) && double.IsFinite(number) ? number : double.NaN
            : null;

    /// <summary>A string field already checked for valid text (step 7).</summary>
    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && JsonText.TryGetString(value, out var text) ? text : null;

    private static JsonElement? Present(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string TypeError(string path, string expected, JsonElement actual) =>
        $"{path}: Invalid input: expected {expected}, received {KindName(actual.ValueKind)}";

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };
}

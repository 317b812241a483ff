using System.Text.Json;
using OpenClaw.Core.Json;
using static OpenClaw.Gateway.OpenResponses.ZodMessages;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// The strict request schema of <c>POST /v1/responses</c> (http-api.md §6.2): fields are checked in the table's
/// order, each object rejects keys it does not list, and the first problem is reported as <c>&lt;path&gt;: &lt;reason&gt;</c>
/// with the original's texts. Explicit <c>null</c> is invalid for every optional field.
/// </summary>
internal static class ResponsesRequestValidator
{
    private static readonly string[] RootKeys =
    [
        "model", "input", "instructions", "tools", "tool_choice", "text", "stream", "max_output_tokens", "max_tool_calls",
        "user", "temperature", "top_p", "metadata", "store", "previous_response_id", "reasoning", "truncation",
    ];

    public static (ResponsesRequest? Request, string? Error) Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, At("", Expected("object", root)));
        }

        var body = JsonFields.Of(root);
        var error = RequiredString(body, "model")
            ?? ResponsesInputValidator.Validate(body.Get("input"))
            ?? OptionalString(body, "instructions")
            ?? ResponsesTools.ValidateTools(body.Get("tools"))
            ?? ResponsesTools.ValidateToolChoice(body.Get("tool_choice"))
            ?? ValidateText(body.Get("text"))
            ?? OptionalBoolean(body, "stream")
            ?? PositiveInteger(body, "max_output_tokens")
            ?? PositiveInteger(body, "max_tool_calls")
            ?? OptionalString(body, "user")
            ?? Range(body, "temperature", 2)
            ?? Range(body, "top_p", 1)
            ?? ValidateMetadata(body.Get("metadata"))
            ?? OptionalBoolean(body, "store")
            ?? OptionalString(body, "previous_response_id")
            ?? ValidateReasoning(body.Get("reasoning"))
            ?? Option(body, "truncation", "truncation", "auto", "disabled")
            ?? Unknown(body, "", RootKeys);
        if (error is not null)
        {
            return (null, error);
        }

        return (new ResponsesRequest
        {
            Model = JsonText.GetLenientString(body.Get("model")!.Value),
            Input = body.Get("input")!.Value,
            Instructions = body.String("instructions"),
            Tools = body.Get("tools"),
            ToolChoice = body.Get("tool_choice"),
            Stream = body.Get("stream")?.ValueKind == JsonValueKind.True,
            MaxOutputTokens = body.Get("max_output_tokens") is { } cap ? (long)Math.Min(Number(cap), long.MaxValue) : null,
            User = body.String("user"),
            Temperature = body.Get("temperature")?.GetDouble(),
            TopP = body.Get("top_p")?.GetDouble(),
            PreviousResponseId = body.String("previous_response_id"),
        }, null);
    }

    /// <summary>
    /// <c>{"format":{"type":"text"}}</c>, both levels strict; <b>[extension]</b> <c>{}</c> means the same as no
    /// <c>text</c> (LangChain sends it).
    /// </summary>
    private static string? ValidateText(JsonElement? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Value.ValueKind != JsonValueKind.Object)
        {
            return At("text", Expected("object", text));
        }

        var fields = JsonFields.Of(text.Value);
        if (fields.Get("format") is { } format)
        {
            if (format.ValueKind != JsonValueKind.Object)
            {
                return At("text.format", Expected("object", format));
            }

            var formatFields = JsonFields.Of(format);
            if (!(formatFields.Get("type") is { } type && JsonText.ValueEquals(type, "text"u8)))
            {
                return At("text.format.type", ExpectedLiteral("text"));
            }

            if (Unknown(formatFields, "text.format", ["type"]) is { } formatKeys)
            {
                return formatKeys;
            }
        }

        return Unknown(fields, "text", ["format"]);
    }

    private static string? ValidateMetadata(JsonElement? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        if (metadata.Value.ValueKind != JsonValueKind.Object)
        {
            return At("metadata", Expected("record", metadata));
        }

        foreach (var (name, value) in JsonFields.Of(metadata.Value).All)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return At("metadata." + name, Expected("string", value));
            }
        }

        return null;
    }

    /// <summary>Not strict: unknown keys are dropped.</summary>
    private static string? ValidateReasoning(JsonElement? reasoning)
    {
        if (reasoning is null)
        {
            return null;
        }

        if (reasoning.Value.ValueKind != JsonValueKind.Object)
        {
            return At("reasoning", Expected("object", reasoning));
        }

        var fields = JsonFields.Of(reasoning.Value);
        return Option(fields, "effort", "reasoning.effort", "low", "medium", "high")
            ?? Option(fields, "summary", "reasoning.summary", "auto", "concise", "detailed");
    }

    internal static string? RequiredString(JsonFields fields, string name, string? path = null) =>
        fields.Get(name) is { ValueKind: JsonValueKind.String } ? null : At(path ?? name, Expected("string", fields.Get(name)));

    internal static string? OptionalString(JsonFields fields, string name, string? path = null) =>
        fields.Get(name) is null or { ValueKind: JsonValueKind.String } ? null : At(path ?? name, Expected("string", fields.Get(name)));

    internal static string? OptionalBoolean(JsonFields fields, string name, string? path = null) =>
        fields.Get(name) is null or { ValueKind: JsonValueKind.True or JsonValueKind.False } ? null : At(path ?? name, Expected("boolean", fields.Get(name)));

    /// <summary>Absent, or one of <paramref name="options"/>; <paramref name="path"/> is where the field sits.</summary>
    internal static string? Option(JsonFields fields, string name, string path, params string[] options) =>
        fields.Get(name) is not { } value
        || (value.ValueKind == JsonValueKind.String && options.Contains(JsonText.GetLenientString(value), StringComparer.Ordinal))
            ? null
            : At(path, InvalidOption(options));

    private static string? PositiveInteger(JsonFields fields, string name)
    {
        if (fields.Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return At(name, Expected("number", value));
        }

        var number = Number(value);
        return number != Math.Floor(number) || double.IsInfinity(number) ? At(name, "Invalid input: expected int, received number")
            : number <= 0 ? At(name, TooSmall(0, inclusive: false))
            : null;
    }

    private static string? Range(JsonFields fields, string name, double max)
    {
        if (fields.Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return At(name, Expected("number", value));
        }

        var number = Number(value);
        return number < 0 ? At(name, TooSmall(0, inclusive: true)) : number > max ? At(name, TooBig(max)) : null;
    }

    /// <summary>A JSON number as JavaScript reads it: beyond the double range it is infinite.</summary>
    private static double Number(JsonElement value) =>
        value.TryGetDouble(out var number) ? number : value.GetRawText().TrimStart().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;

    internal static string? Unknown(JsonFields fields, string path, string[] known)
    {
        var unknown = fields.Names.Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
        return unknown.Count == 0 ? null : At(path, Unrecognized(unknown));
    }
}

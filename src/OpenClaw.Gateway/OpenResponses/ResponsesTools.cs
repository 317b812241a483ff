using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.OpenAi;
using static OpenClaw.Gateway.OpenResponses.ZodMessages;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// Client tools in the Responses flat shape and <c>tool_choice</c> (http-api.md §6.6): the schema checks of §6.2,
/// then the selection the run gets, with the same requirement semantics as chat completions.
/// </summary>
internal static class ResponsesTools
{
    /// <summary>Every resolution failure answers this, the reason going only to the log.</summary>
    public const string InvalidToolConfiguration = "invalid tool configuration";

    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    public static string? ValidateTools(JsonElement? tools)
    {
        if (tools is null)
        {
            return null;
        }

        if (tools.Value.ValueKind != JsonValueKind.Array)
        {
            return At("tools", Expected("array", tools));
        }

        var index = 0;
        foreach (var element in tools.Value.EnumerateArray())
        {
            var path = $"tools.{index++}";
            if (element.ValueKind != JsonValueKind.Object)
            {
                return At(path, Expected("object", element));
            }

            var tool = JsonFields.Of(element);
            if (!(tool.Get("type") is { } type && JsonText.ValueEquals(type, "function"u8)))
            {
                return At(path + ".type", ExpectedLiteral("function"));
            }

            // [extension] null for description, parameters or strict means absent: the official .NET SDK sends
            // "strict": null (and "parameters": null) unless told otherwise; the original refuses it.
            var error = ResponsesRequestValidator.RequiredString(tool, "name", path + ".name")
                ?? (tool.String("name") is "" ? At(path + ".name", "Tool name cannot be empty") : null)
                ?? (tool.Get("description") is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) } description ? At(path + ".description", Expected("string", description)) : null)
                ?? (tool.Get("parameters") is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } parameters ? At(path + ".parameters", Expected("record", parameters)) : null)
                ?? (tool.Get("strict") is { ValueKind: not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null) } strict ? At(path + ".strict", Expected("boolean", strict)) : null)
                ?? ResponsesRequestValidator.Unknown(tool, path, ["type", "name", "description", "parameters", "strict"]);
            if (error is not null)
            {
                return error;
            }

            // The tool goes to the provider as sent: text that is not well-formed (a lone surrogate) cannot.
            if (JsonText.FindInvalidText(element) is { } invalid)
            {
                return InvalidTextMessages.Field(InvalidTextMessages.Under(path, invalid));
            }
        }

        return null;
    }

    /// <summary><c>auto</c>, <c>none</c>, <c>required</c>, or a function named either way; anything else is the union's <c>Invalid input</c>.</summary>
    public static string? ValidateToolChoice(JsonElement? choice) => choice is null || NamedOrMode(choice.Value, out _, out _)
        ? null
        : At("tool_choice", InvalidInput);

    /// <summary>The selection for the run, or null with the reason (logged; the client sees <see cref="InvalidToolConfiguration"/>).</summary>
    public static (ClientToolSelection? Selection, string? Reason) Select(ResponsesRequest request)
    {
        var declared = request.Tools is { } tools
            ? tools.EnumerateArray().Select(ToClientTool).ToList()
            : [];
        if (request.ToolChoice is not { } choice)
        {
            return (new ClientToolSelection(declared, false, null), null);
        }

        NamedOrMode(choice, out var mode, out var named);
        switch (mode)
        {
            case "none":
                return (ClientToolSelection.None, null);
            case "required" when declared.Count == 0:
                return (null, "tool_choice=required but no tools were provided");
            case "required":
                return (new ClientToolSelection(declared, true, null), null);
            case "auto":
                return (new ClientToolSelection(declared, false, null), null);
        }

        var name = named!.Trim();
        if (name.Length == 0)
        {
            return (null, "tool_choice names a blank tool");
        }

        return declared.FirstOrDefault(t => t.Name == name) is { } tool
            ? (new ClientToolSelection([tool], false, name), null)
            : (null, $"tool_choice requested unknown tool: {name}");
    }

    private static ClientTool ToClientTool(JsonElement element)
    {
        var tool = JsonFields.Of(element);
        return new ClientTool(
            tool.String("name")!,
            tool.String("description"),
            tool.Get("parameters") is { ValueKind: JsonValueKind.Object } parameters ? parameters.Clone() : EmptyObjectSchema)
        {
            Strict = tool.Get("strict")?.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
        };
    }

    private static bool NamedOrMode(JsonElement choice, out string? mode, out string? name)
    {
        mode = null;
        name = null;
        if (choice.ValueKind == JsonValueKind.String)
        {
            mode = JsonText.GetLenientString(choice);
            return mode is "auto" or "none" or "required";
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var fields = JsonFields.Of(choice);
        if (!(fields.Get("type") is { } type && JsonText.ValueEquals(type, "function"u8)))
        {
            return false;
        }

        if (fields.Has("name"))
        {
            name = fields.String("name");
            return name is { Length: > 0 } && fields.Count == 2;
        }

        if (fields.Get("function") is { ValueKind: JsonValueKind.Object } function && fields.Count == 2)
        {
            var inner = JsonFields.Of(function);
            name = inner.String("name");
            return name is { Length: > 0 } && inner.Count == 1;
        }

        return false;
    }
}

using System.Text.Json;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tools;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// The caller's <c>tools</c> after <c>tool_choice</c> (http-api.md §4.7): what is offered to the model, and what the
/// run must end with (<see cref="RequiredTool"/>: a call of that tool; <see cref="RequiresAnyTool"/>: any client call).
/// </summary>
internal sealed record ClientToolSelection(IReadOnlyList<ClientTool> Offered, bool RequiresAnyTool, string? RequiredTool)
{
    public static readonly ClientToolSelection None = new([], false, null);

    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;

    public bool HasRequirement => RequiresAnyTool || RequiredTool is not null;

    /// <summary>The sentence the extra system prompt gets while a requirement is active.</summary>
    public string? PromptSentence => RequiredTool is { } name
        ? $"You must call the {name} tool before responding."
        : RequiresAnyTool ? "You must call one of the available tools before responding." : null;

    /// <summary>Whether an offered client tool has the name of one of the agent's built-in tools (a refused configuration).</summary>
    public bool ShadowsBuiltIn(IAgentToolCatalog builtIns, OpenClawConfig config, string agentId)
    {
        ArgumentNullException.ThrowIfNull(builtIns);
        var names = builtIns.For(config, agentId).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return Offered.Any(t => names.Contains(t.Name));
    }

    /// <summary>The 502 message when the run ended without the required call, or null when it is met.</summary>
    public string? Unmet(IReadOnlyList<PendingToolCall> calls) => RequiredTool is { } name
        ? calls.Any(c => c.Name == name) ? null : $"tool_choice required a {name} tool call, but the agent did not produce one"
        : RequiresAnyTool && calls.Count == 0 ? "tool_choice=required was not satisfied by the agent response" : null;

    /// <summary>Validates and filters; the error is the reason after <c>Invalid tools/tool_choice: </c>.</summary>
    public static (ClientToolSelection? Selection, string? Error) Parse(JsonElement? tools, JsonElement? toolChoice)
    {
        var declared = new List<ClientTool>();
        if (tools is { ValueKind: not JsonValueKind.Null } list)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return (null, "tools must be an array");
            }

            var index = 0;
            foreach (var tool in list.EnumerateArray())
            {
                var (parsed, error) = ParseTool(tool, index++);
                if (parsed is null)
                {
                    return (null, error);
                }

                declared.Add(parsed);
            }
        }

        if (toolChoice is not { ValueKind: not JsonValueKind.Null } choice)
        {
            return (new ClientToolSelection(declared, false, null), null);
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            if (!JsonText.TryGetString(choice, out var mode))
            {
                return (null, InvalidTextMessages.At("tool_choice"));
            }

            return mode switch
            {
                "none" => (None, null),
                "auto" => (new ClientToolSelection(declared, false, null), null),
                "required" when declared.Count == 0 => (null, "tool_choice=required but no tools were provided"),
                "required" => (new ClientToolSelection(declared, true, null), null),
                _ => (null, "tool_choice must be a string or object"),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object)
        {
            return (null, "tool_choice must be a string or object");
        }

        if (choice.TryGetProperty("type"u8, out var type) && JsonText.ValueEquals(type, "allowed_tools"u8))
        {
            return (null, "tool_choice allowed_tools is not supported");
        }

        if (!choice.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name"u8, out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return (null, "tool_choice.function.name is required");
        }

        if (!JsonText.TryGetString(nameElement, out var name))
        {
            return (null, InvalidTextMessages.At("tool_choice.function.name"));
        }

        if (name.Length == 0)
        {
            return (null, "tool_choice.function.name is required");
        }

        var named = declared.FirstOrDefault(t => t.Name == name);
        return named is null
            ? (null, $"tool_choice requested unknown tool: {name}")
            : (new ClientToolSelection([named], false, name), null);
    }

    private static (ClientTool? Tool, string? Error) ParseTool(JsonElement tool, int index)
    {
        if (tool.ValueKind != JsonValueKind.Object)
        {
            return (null, "each tool must be an object");
        }

        // The whole tool, names and values: its parameters are written to the provider as sent.
        if (JsonText.FindInvalidText(tool) is { } path)
        {
            return (null, InvalidToolText(tool, index, path));
        }

        if (!tool.TryGetProperty("type"u8, out var type) || !JsonText.ValueEquals(type, "function"u8))
        {
            return (null, "only function tools are supported");
        }

        if (!tool.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
        {
            return (null, "tool.function is required");
        }

        // Text was checked above: these reads cannot fail on it.
        if (!function.TryGetProperty("name"u8, out var name) || !JsonText.TryGetString(name, out var toolName) || toolName.Length == 0)
        {
            return (null, "tool.function.name is required");
        }

        var description = function.TryGetProperty("description"u8, out var d) && JsonText.TryGetString(d, out var text) ? text : null;
        var parameters = function.TryGetProperty("parameters"u8, out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : EmptyObjectSchema;
        var strict = function.TryGetProperty("strict"u8, out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : (bool?)null;
        return (new ClientTool(toolName, description, parameters) { Strict = strict }, null);
    }

    /// <summary><c>tools.1.function.parameters.x (tool get_weather) is not valid text (…)</c>; the name only when it can be read.</summary>
    private static string InvalidToolText(JsonElement tool, int index, string path)
    {
        var at = InvalidTextMessages.Under($"tools.{index}", path);

        // A member is looked up only when its object's names are all readable: a lookup that passes a bad one throws.
        string? toolName = null;
        if (NamesValid(tool) && tool.TryGetProperty("function"u8, out var function)
            && function.ValueKind == JsonValueKind.Object && NamesValid(function) && function.TryGetProperty("name"u8, out var name))
        {
            JsonText.TryGetString(name, out toolName);
        }

        return InvalidTextMessages.At(toolName is { Length: > 0 } ? $"{at} (tool {toolName})" : at);
    }

    private static bool NamesValid(JsonElement obj) => obj.EnumerateObject().All(JsonText.IsValidName);
}

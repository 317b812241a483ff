using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Core.Prompt;
using OpenClaw.Gateway.Inputs;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.OpenResponses.Media;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>What <c>input</c> gives the run (http-api.md §6.4, §6.5 steps 1–2).</summary>
/// <param name="Message">The user message; empty fails the request last (§6.1 #15).</param>
/// <param name="SystemText">The system and developer texts, joined with a blank line.</param>
/// <param name="UrlSourceCount">URL-sourced media parts in every message item, fetched or not.</param>
/// <param name="ActiveMedia">The media parts of the active user message, in order.</param>
internal sealed record ResponsesPrompt(PromptText Message, string? SystemText, int UrlSourceCount, IReadOnlyList<ResponseMediaPart> ActiveMedia);

/// <summary>Turns a validated <c>input</c> into the agent prompt (http-api.md §6.4) with §4.5's assembly.</summary>
internal static class ResponsesInput
{
    public const string MissingUserMessage = "Missing user message in `input`.";
    private const string ImageOnlyBody = "User sent image(s) with no text.";
    private const string FileOnlyBody = "User sent file(s) with no text.";

    /// <remarks><paramref name="document"/> is the memory the JSON was parsed from: large texts are not copied.</remarks>
    public static ResponsesPrompt Build(JsonElement input, ReadOnlyMemory<byte> document)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            // The whole user message, verbatim (not trimmed).
            return new ResponsesPrompt(PromptText.FromUtf8(JsonText.GetLenientUtf8(input, document)), null, 0, []);
        }

        var items = input.EnumerateArray().Select(JsonFields.Of).ToList();
        var active = ActiveTurn.TryGetUserMessage(items, RoleOf, out var user) ? user : null;
        var system = new List<string>();
        var entries = new List<PromptEntry>();
        var urlSources = 0;
        IReadOnlyList<ResponseMediaPart> activeMedia = [];
        foreach (var item in items)
        {
            switch (ResponsesInputValidator.TypeOf(item))
            {
                case ResponsesInputValidator.Message:
                    var media = MediaParts(item);
                    urlSources += media.Count(p => JsonFields.Of(p.Source).String("type") == "url");
                    var text = Text(item, document);
                    switch (item.String("role"))
                    {
                        case "system" or "developer":
                            if (!text.IsEmpty)
                            {
                                system.Add(text.ToString());
                            }

                            break;
                        case "user" when ReferenceEquals(item, active):
                            activeMedia = media;
                            var body = !text.IsEmpty ? text
                                : media.Any(p => p.Kind == ResponseMediaKind.Image) ? ImageOnlyBody
                                : media.Count > 0 ? FileOnlyBody
                                : text;
                            entries.Add(new PromptEntry(true, "User", body, KeepEmpty: false));
                            break;
                        case "user":
                            entries.Add(new PromptEntry(true, "User", text, KeepEmpty: false));
                            break;
                        default:
                            entries.Add(new PromptEntry(false, "Assistant", text, KeepEmpty: false));
                            break;
                    }

                    break;
                case ResponsesInputValidator.FunctionCall:
                    var id = item.String("call_id") ?? item.String("id") ?? "";
                    entries.Add(new PromptEntry(false, "Assistant",
                        PromptText.Concat($"tool_call id={id} name={item.String("name")} arguments=", Utf8(item.Get("arguments")!.Value, document)),
                        KeepEmpty: false));
                    break;
                case ResponsesInputValidator.FunctionCallOutput:
                    // The output verbatim: not trimmed, and an empty one still answers the call.
                    entries.Add(new PromptEntry(true, $"Tool:{item.String("call_id")}", Utf8(item.Get("output")!.Value, document), KeepEmpty: true));
                    break;
            }
        }

        return new ResponsesPrompt(
            PromptAssembly.Assemble(entries) ?? PromptText.Empty,
            system.Count > 0 ? string.Join("\n\n", system) : null,
            urlSources,
            activeMedia);
    }

    private static TurnRole RoleOf(JsonFields item) => ResponsesInputValidator.TypeOf(item) switch
    {
        ResponsesInputValidator.FunctionCallOutput => TurnRole.ToolResult,
        ResponsesInputValidator.Message when item.String("role") == "user" => TurnRole.User,
        _ => TurnRole.Other,
    };

    /// <summary>A string <c>content</c>, or its text parts (non-empty, joined with newlines); trimmed.</summary>
    private static PromptText Text(JsonFields message, ReadOnlyMemory<byte> document)
    {
        var content = message.Get("content")!.Value;
        if (content.ValueKind == JsonValueKind.String)
        {
            return Utf8(content, document).Trim();
        }

        var parts = new List<PromptText>();
        foreach (var element in content.EnumerateArray())
        {
            var part = JsonFields.Of(element);
            if (part.String("type") is "input_text" or "output_text" && Utf8(part.Get("text")!.Value, document) is { IsEmpty: false } text)
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

    private static List<ResponseMediaPart> MediaParts(JsonFields message)
    {
        var media = new List<ResponseMediaPart>();
        if (message.Get("content") is { ValueKind: JsonValueKind.Array } content)
        {
            foreach (var element in content.EnumerateArray())
            {
                var part = JsonFields.Of(element);
                switch (part.String("type"))
                {
                    case "input_image":
                        media.Add(new ResponseMediaPart(ResponseMediaKind.Image, part.Get("source")!.Value));
                        break;
                    case "input_file":
                        media.Add(new ResponseMediaPart(ResponseMediaKind.File, part.Get("source")!.Value));
                        break;
                }
            }
        }

        return media;
    }

    private static PromptText Utf8(JsonElement value, ReadOnlyMemory<byte> document) => PromptText.FromUtf8(JsonText.GetLenientUtf8(value, document));
}

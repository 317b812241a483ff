using System.Buffers;
using System.Text.Json;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>
/// Builds the <c>/v1/messages</c> body (agent-runtime.md §5.3, §5.4): all system messages joined into <c>system</c>,
/// tool calls as <c>tool_use</c> blocks, tool results as one user message of <c>tool_result</c> blocks, and
/// consecutive same-role turns merged, since the API requires alternating roles. Seed, penalties and
/// <c>response_format</c> have no Anthropic equivalent and are dropped.
/// </summary>
internal static class AnthropicRequest
{
    /// <summary>Used only when a caller leaves <see cref="ChatOptions.MaxOutputTokens"/> unset (the runner always sets it).</summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>The API's smallest thinking budget.</summary>
    public const long MinThinkingBudget = 1024;

    public static MessageCreateParams Build(IEnumerable<ChatMessage> messages, ChatOptions options)
    {
        var system = new List<string>();
        var turns = new List<(bool IsUser, List<ContentBlockParam> Blocks)>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                if (message.Text is { Length: > 0 } text)
                {
                    system.Add(text);
                }

                continue;
            }

            var isUser = message.Role != ChatRole.Assistant;
            var blocks = isUser ? UserBlocks(message) : AssistantBlocks(message);
            if (blocks.Count == 0)
            {
                continue;
            }

            if (turns.Count > 0 && turns[^1].IsUser == isUser)
            {
                turns[^1].Blocks.AddRange(blocks);
            }
            else
            {
                turns.Add((isUser, blocks));
            }
        }

        var maxTokens = options.MaxOutputTokens ?? DefaultMaxTokens;
        var tools = options.Tools?.OfType<AIFunctionDeclaration>().Select(ToTool).ToList() is { Count: > 0 } declared ? declared : null;
        var budget = ThinkingBudget(ProviderThinking.Level(options), maxTokens);

        // A null property is left out of the body.
        var parameters = new MessageCreateParams
        {
            Model = options.ModelId!,
            MaxTokens = maxTokens,
            System = system.Count > 0 ? (MessageCreateParamsSystem)string.Join("\n\n", system) : null,
            Messages = [.. turns.Select(t => t.IsUser ? (MessageParam)new UserMessageParam(Content(t.Blocks)) : new AssistantMessageParam(Content(t.Blocks)))],
            StopSequences = options.StopSequences is { Count: > 0 } stop ? [.. stop] : null,
            Tools = tools,
            // With thinking on, the API refuses a forced tool choice: the model may then only be offered the tools.
            ToolChoice = tools is null ? null : ToolChoice(budget is null ? options.ToolMode : Relaxed(options.ToolMode)),
            Thinking = budget is { } tokens ? (ThinkingConfigParam)new ThinkingConfigEnabled(tokens) : null,
        };
        return WithSampling(parameters, options, thinking: budget is not null);
    }

    /// <summary>
    /// The budget for a thinking level (§5.3: 1 024 / 4 096 / 10 000 / 16 000 / 32 000 for minimal…xhigh). The API
    /// wants it below max_tokens: it is clamped there, and thinking is left off when not even 1 024 fits.
    /// </summary>
    public static long? ThinkingBudget(string? level, long maxTokens)
    {
        long? budget = level switch
        {
            "minimal" => MinThinkingBudget,
            "low" => 4096,
            "medium" => 10_000,
            "high" => 16_000,
            "xhigh" => 32_000,
            _ => null,
        };
        return budget is { } wanted && Math.Min(wanted, maxTokens - 1) is var fitted && fitted >= MinThinkingBudget ? fitted : null;
    }

    private static List<ContentBlockParam> UserBlocks(ChatMessage message)
    {
        var blocks = new List<ContentBlockParam>();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case FunctionResultContent result:
                    blocks.Add(new ToolResultBlockParam(result.CallId)
                    {
                        Content = result.Result as string ?? result.Result?.ToString() ?? "",
                        IsError = result.Exception is not null,
                    });
                    break;
                case TextContent { Text: { Length: > 0 } text }:
                    blocks.Add(new TextBlockParam(text));
                    break;
                case Prompt.Utf8TextContent { Text.IsEmpty: false } utf8:
                    // The SDK takes strings: a large turn is built into one here.
                    blocks.Add(new TextBlockParam(utf8.Text.ToString()));
                    break;
                case DataContent image when image.HasTopLevelMediaType("image"):
                    blocks.Add(new ImageBlockParam(new Base64ImageSource
                    {
                        Data = Convert.ToBase64String(image.Data.Span),
                        MediaType = image.MediaType,
                    }));
                    break;
            }
        }

        return blocks;
    }

    /// <summary>Text first, then the tool calls, as the API returns them.</summary>
    private static List<ContentBlockParam> AssistantBlocks(ChatMessage message)
    {
        var blocks = new List<ContentBlockParam>();
        foreach (var text in message.Contents.OfType<TextContent>())
        {
            if (text.Text is { Length: > 0 })
            {
                blocks.Add(new TextBlockParam(text.Text));
            }
        }

        foreach (var call in message.Contents.OfType<FunctionCallContent>())
        {
            blocks.Add(new ToolUseBlockParam { ID = call.CallId, Name = call.Name, Input = ObjectProperties(ProviderToolCalls.RawArguments(call)) });
        }

        return blocks;
    }

    /// <summary>A lone text block goes as a plain string, as the API's own examples send it.</summary>
    private static MessageContentParam Content(List<ContentBlockParam> blocks) =>
        blocks is [{ Value: TextBlockParam text }] ? (MessageContentParam)text.Text : (MessageContentParam)blocks;

    private static ToolUnion ToTool(AIFunctionDeclaration function)
    {
        var schema = function.JsonSchema.ValueKind == JsonValueKind.Object
            ? ObjectProperties(function.JsonSchema)
            : new Dictionary<string, JsonElement> { ["type"] = JsonElement.Parse("\"object\"") };
        return new Tool
        {
            Name = function.Name,
            Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
            InputSchema = new InputSchema(schema),
        };
    }

    /// <summary>A forced choice (any tool, or one named tool) becomes auto; none and auto stay.</summary>
    private static ChatToolMode? Relaxed(ChatToolMode? mode) => mode is RequiredChatToolMode ? ChatToolMode.Auto : mode;

    private static ToolChoice? ToolChoice(ChatToolMode? mode) => mode switch
    {
        NoneChatToolMode => new ToolChoiceNone(),
        RequiredChatToolMode { RequiredFunctionName: { } name } => new ToolChoiceTool(name),
        RequiredChatToolMode => new ToolChoiceAny(),
        AutoChatToolMode => new ToolChoiceAuto(),
        _ => null,
    };

    /// <summary>
    /// Temperature and top_p are part of the Messages API but not of this SDK version's typed parameters, so they
    /// are added to the raw body, the SDK's own way of sending fields it does not model.
    /// </summary>
    /// <remarks>
    /// With thinking on, the API accepts neither a temperature nor a top_p below 0.95: the temperature is dropped and
    /// top_p raised to 0.95, rather than turning the caller's sampling into a 400.
    /// </remarks>
    private static MessageCreateParams WithSampling(MessageCreateParams parameters, ChatOptions options, bool thinking)
    {
        var temperature = thinking ? null : options.Temperature;
        var topP = thinking && options.TopP is { } requested ? Math.Max(requested, 0.95f) : options.TopP;
        if (temperature is null && topP is null)
        {
            return parameters;
        }

        var body = new Dictionary<string, JsonElement>(parameters.RawBodyData);
        if (temperature is { } t)
        {
            body["temperature"] = Number(t);
        }

        if (topP is { } p)
        {
            body["top_p"] = Number(p);
        }

        return MessageCreateParams.FromRawUnchecked(parameters.RawHeaderData, parameters.RawQueryData, body);
    }

    /// <summary>Written as the shortest text that round-trips the float: 0.2f is <c>0.2</c>, as the OpenAI adapter sends it.</summary>
    private static JsonElement Number(float value)
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteNumberValue(value);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>A JSON object's properties; anything else (or unparsable text) is the empty object the API requires.</summary>
    private static Dictionary<string, JsonElement> ObjectProperties(string json)
    {
        try
        {
            return ObjectProperties(JsonElement.Parse(json));
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static Dictionary<string, JsonElement> ObjectProperties(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()) : [];
}

using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Json;
using OpenClaw.Core.Memory;
using OpenClaw.Core.Prompt;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>
/// Writes the upstream <c>/chat/completions</c> body in the key order the original sends (agent-runtime.md §5.3):
/// model, messages, stream, stream_options, sampling params, tools, tool_choice, max_completion_tokens.
/// </summary>
internal static class OpenAiRequestWriter
{
    /// <summary>Key of <see cref="ChatOptions.AdditionalProperties"/> holding the caller's raw <c>response_format</c>.</summary>
    public const string ResponseFormatKey = "response_format";

    public static void Write(Utf8JsonWriter writer, string model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("model"u8, model);
        writer.WriteStartArray("messages"u8);
        foreach (var message in messages)
        {
            WriteMessage(writer, message);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("stream"u8, true);
        writer.WriteStartObject("stream_options"u8);
        writer.WriteBoolean("include_usage"u8, true);
        writer.WriteEndObject();
        if (options is not null)
        {
            WriteSampling(writer, options);
            WriteTools(writer, options);
        }

        if (options?.MaxOutputTokens is { } maxTokens)
        {
            writer.WriteNumber("max_completion_tokens"u8, maxTokens);
        }

        if (ProviderThinking.OpenAiEffort(options) is { } effort)
        {
            writer.WriteString("reasoning_effort"u8, effort);
        }

        writer.WriteEndObject();
    }

    private static void WriteSampling(Utf8JsonWriter writer, ChatOptions options)
    {
        SamplingParameters.Write(writer, options, penalties: true);
        if (options.AdditionalProperties?.TryGetValue(ResponseFormatKey, out var format) == true && format is JsonElement raw)
        {
            writer.WritePropertyName("response_format"u8);
            raw.WriteTo(writer);
        }
    }

    /// <summary><c>tools</c> and <c>tool_choice</c>, both omitted when no tool is offered.</summary>
    private static void WriteTools(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        writer.WriteStartArray("tools"u8);
        foreach (var tool in tools.OfType<AIFunctionDeclaration>())
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, tool.Name);
            if (!string.IsNullOrEmpty(tool.Description))
            {
                writer.WriteString("description"u8, tool.Description);
            }

            writer.WritePropertyName("parameters"u8);
            tool.JsonSchema.WriteTo(writer);
            if (tool is Runs.ClientFunctionDeclaration { Strict: { } strict })
            {
                writer.WriteBoolean("strict"u8, strict);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice"u8, "none"u8);
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, name);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteString("tool_choice"u8, "required"u8);
                break;
            default:
                writer.WriteString("tool_choice"u8, "auto"u8);
                break;
        }
    }

    /// <summary>
    /// One message. Assistant turns with tool calls carry <c>tool_calls</c> (content null when there is no text);
    /// each tool result is its own <c>tool</c> message (§5.3).
    /// </summary>
    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        if (message.Role == ChatRole.Tool)
        {
            foreach (var result in message.Contents.OfType<FunctionResultContent>())
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, "tool"u8);
                writer.WriteString("tool_call_id"u8, result.CallId);
                writer.WriteLongString("content"u8, ProviderToolCalls.ResultText(result));
                writer.WriteEndObject();
            }

            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, message.Role.Value);
        var calls = message.Role == ChatRole.Assistant ? message.Contents.OfType<FunctionCallContent>().ToList() : [];
        if (message.Role == ChatRole.User && message.Contents.Any(IsImage))
        {
            WriteUserParts(writer, message);
        }
        else if (calls.Count > 0 && !PromptTexts.HasText(message))
        {
            writer.WriteNull("content"u8);
        }
        else
        {
            PromptTexts.WriteText(writer, "content"u8, message);
        }

        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id"u8, call.CallId);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, call.Name);
                writer.WriteLongString("arguments"u8, ProviderToolCalls.RawArguments(call));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>A user turn with images: a text part, then one <c>image_url</c> part per image as a data URL (§5.3).</summary>
    private static void WriteUserParts(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartArray("content"u8);
        if (PromptTexts.HasText(message))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            PromptTexts.WriteText(writer, "text"u8, message);
            writer.WriteEndObject();
        }

        foreach (var content in message.Contents)
        {
            if (content is DataContent image && IsImage(image))
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image_url"u8);
                writer.WriteStartObject("image_url"u8);
                writer.WritePropertyName("url"u8);
                WriteDataUrl(writer, image);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary><c>data:&lt;mime&gt;;base64,&lt;data&gt;</c>, encoded straight into a pooled UTF-8 buffer rather than a string.</summary>
    private static void WriteDataUrl(Utf8JsonWriter writer, DataContent image)
    {
        var data = image.Data.Span;
        var prefix = $"data:{image.MediaType};base64,";
        var length = Encoding.UTF8.GetByteCount(prefix) + Base64.GetMaxEncodedToUtf8Length(data.Length);
        var buffer = PayloadBuffers.Rent<byte>(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(prefix, buffer);
            Base64.EncodeToUtf8(data, buffer.AsSpan(written), out _, out var encoded);
            writer.WriteStringValue(buffer.AsSpan(0, written + encoded));
        }
        finally
        {
            PayloadBuffers.Return(buffer);
        }
    }

    private static bool IsImage(AIContent content) => content is DataContent data && data.HasTopLevelMediaType("image");
}

using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Json;
using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Providers.Ollama;

/// <summary>
/// Writes the native <c>/api/chat</c> body (agent-runtime.md §5.3, §5.4): model, messages, stream, tools, format,
/// think, options. Sampling params go under <c>options</c> with Ollama's names; frequency and presence penalties are dropped.
/// </summary>
internal static class OllamaRequestWriter
{
    public static void Write(Utf8JsonWriter writer, string model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("model"u8, model);
        writer.WriteStartArray("messages"u8);

        // Ollama names a tool result by its function, not by a call id: remember each call's name as it goes by.
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            WriteMessage(writer, message, toolNames);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("stream"u8, true);
        if (options is not null)
        {
            WriteTools(writer, options);
            WriteFormat(writer, options);

            // Not in the spec's table: Ollama's switch for reasoning models, on for any thinking level.
            if (ProviderThinking.Level(options) is not null)
            {
                writer.WriteBoolean("think"u8, true);
            }

            WriteModelOptions(writer, options);
        }

        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message, Dictionary<string, string> toolNames)
    {
        var wroteResult = false;
        foreach (var content in message.Contents)
        {
            if (content is FunctionResultContent result)
            {
                WriteToolResult(writer, result, toolNames);
                wroteResult = true;
            }
        }

        if (wroteResult)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, message.Role.Value);
        Prompt.PromptTexts.WriteText(writer, "content"u8, message);
        WriteImages(writer, message);
        var startedCalls = false;
        foreach (var content in message.Contents)
        {
            if (content is not FunctionCallContent call)
            {
                continue;
            }

            if (!startedCalls)
            {
                writer.WriteStartArray("tool_calls"u8);
                startedCalls = true;
            }

            toolNames[call.CallId] = call.Name;
            writer.WriteStartObject();
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, call.Name);
            writer.WritePropertyName("arguments"u8);
            ProviderToolCalls.WriteArgumentsObject(writer, ProviderToolCalls.RawArguments(call));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (startedCalls)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Images go beside the text as bare base64 strings (agent-runtime.md §5.3), encoded straight from the bytes.</summary>
    private static void WriteImages(Utf8JsonWriter writer, ChatMessage message)
    {
        var started = false;
        foreach (var content in message.Contents)
        {
            if (content is not DataContent image || !image.HasTopLevelMediaType("image"))
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("images"u8);
                started = true;
            }

            writer.WriteBase64StringValue(image.Data.Span);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result, Dictionary<string, string> toolNames)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, "tool");
        writer.WriteLongString("content"u8, ResultText(result.Result));
        if (toolNames.TryGetValue(result.CallId, out var name))
        {
            writer.WriteString("tool_name"u8, name);
        }

        writer.WriteEndObject();
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? "",
        JsonElement element => element.GetRawText(),
        _ => result.ToString() ?? "",
    };

    private static void WriteTools(Utf8JsonWriter writer, ChatOptions options)
    {
        var started = false;
        foreach (var tool in options.Tools ?? [])
        {
            if (tool is not AIFunctionDeclaration function)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("tools"u8);
                started = true;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, "function");
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, function.Name);
            writer.WriteString("description"u8, function.Description);
            writer.WritePropertyName("parameters"u8);
            if (function.JsonSchema.ValueKind == JsonValueKind.Object)
            {
                function.JsonSchema.WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue("""{"type":"object","properties":{}}"""u8, skipInputValidation: true);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>OpenAI's <c>response_format</c>: <c>json_object</c> is <c>"json"</c>, <c>json_schema</c> its schema, <c>text</c> nothing.</summary>
    private static void WriteFormat(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options.AdditionalProperties?.TryGetValue(OpenAiRequestWriter.ResponseFormatKey, out var value) != true
            || value is not JsonElement { ValueKind: JsonValueKind.Object } format
            || !format.TryGetProperty("type", out var type))
        {
            return;
        }

        if (type.ValueEquals("json_object"))
        {
            writer.WriteString("format"u8, "json");
        }
        else if (type.ValueEquals("json_schema"))
        {
            if (format.TryGetProperty("json_schema", out var jsonSchema)
                && jsonSchema.ValueKind == JsonValueKind.Object
                && jsonSchema.TryGetProperty("schema", out var schema)
                && schema.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("format"u8);
                schema.WriteTo(writer);
            }
            else
            {
                // A schema request without a schema still asks for JSON.
                writer.WriteString("format"u8, "json");
            }
        }
    }

    private static void WriteModelOptions(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options is { Temperature: null, TopP: null, Seed: null, MaxOutputTokens: null, StopSequences: null or { Count: 0 } })
        {
            return;
        }

        writer.WriteStartObject("options"u8);
        SamplingParameters.Write(writer, options, penalties: false);
        if (options.MaxOutputTokens is { } maxTokens)
        {
            writer.WriteNumber("num_predict"u8, maxTokens);
        }

        writer.WriteEndObject();
    }
}

using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>
/// Writes the upstream <c>/chat/completions</c> body in the key order the original sends (agent-runtime.md §5.3):
/// model, messages, stream, stream_options, sampling params, tools, tool_choice, max_completion_tokens.
/// </summary>
internal static class OpenAiRequestWriter
{
    /// <summary>Key of <see cref="ChatOptions.AdditionalProperties"/> holding the caller's raw <c>response_format</c>.</summary>
    public const string ResponseFormatKey = "response_format";

    public static void Write(IBufferWriter<byte> buffer, string model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
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
        }

        if (options?.MaxOutputTokens is { } maxTokens)
        {
            writer.WriteNumber("max_completion_tokens"u8, maxTokens);
        }

        writer.WriteEndObject();
    }

    private static void WriteSampling(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (options.FrequencyPenalty is { } frequency)
        {
            writer.WriteNumber("frequency_penalty"u8, frequency);
        }

        if (options.PresencePenalty is { } presence)
        {
            writer.WriteNumber("presence_penalty"u8, presence);
        }

        if (options.Seed is { } seed)
        {
            writer.WriteNumber("seed"u8, seed);
        }

        if (options.StopSequences is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop"u8);
            foreach (var s in stop)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        if (options.AdditionalProperties?.TryGetValue(ResponseFormatKey, out var format) == true && format is JsonElement raw)
        {
            writer.WritePropertyName("response_format"u8);
            raw.WriteTo(writer);
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role"u8, message.Role.Value);
        writer.WriteString("content"u8, message.Text);
        writer.WriteEndObject();
    }
}

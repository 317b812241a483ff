using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Json;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs;

/// <summary>Writes transcript entries in the OpenClaw JSONL v3 shapes (agent-runtime.md §7.3); <see cref="TranscriptReplay"/> reads them back.</summary>
internal static class TranscriptFormat
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string IsoTimestamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A user entry, written straight to UTF-8 from <paramref name="content"/>'s pieces (no string of it is built).</summary>
    public static TranscriptEntry UserMessage(string sessionId, long seq, string id, string? parentId, long now, PromptText content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var json = Memory.ExactJson.Write(WriterOptions, writer =>
        {
            WriteEntryStart(writer, id, parentId, now);
            writer.WriteStartObject("message"u8);
            writer.WriteString("role"u8, "user");
            writer.WritePromptText("content"u8, content);
            writer.WriteNumber("timestamp"u8, now);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return TranscriptEntry.FromUtf8(sessionId, seq, id, parentId, "message", IsoTimestamp(now), json);
    }

    public static TranscriptEntry AssistantMessage(
        string sessionId, long seq, string id, string? parentId, long now, string text, string api, string provider, string model,
        RunUsage usage, string stopReason, string? errorMessage, IReadOnlyList<FunctionCallContent>? toolCalls = null)
    {
        var json = Write(writer =>
        {
            WriteEntryStart(writer, id, parentId, now);
            writer.WriteStartObject("message"u8);
            writer.WriteString("role"u8, "assistant");
            writer.WriteStartArray("content"u8);
            if (text.Length > 0)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text");
                writer.WriteLongString("text"u8, text);
                writer.WriteEndObject();
            }

            foreach (var call in toolCalls ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "toolCall");
                writer.WriteString("id"u8, call.CallId);
                writer.WriteString("name"u8, call.Name);
                writer.WritePropertyName("arguments"u8);
                ProviderToolCalls.WriteArgumentsObject(writer, ProviderToolCalls.RawArguments(call));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("api"u8, api);
            writer.WriteString("provider"u8, provider);
            writer.WriteString("model"u8, model);
            WriteUsage(writer, usage);
            writer.WriteString("stopReason"u8, stopReason);
            writer.WriteNumber("timestamp"u8, now);
            if (errorMessage is not null)
            {
                writer.WriteString("errorMessage"u8, errorMessage);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return new TranscriptEntry(sessionId, seq, id, parentId, "message", IsoTimestamp(now), json);
    }

    /// <summary>A <c>toolResult</c> message: the call it answers, the tool's name, its text and error flag.</summary>
    public static TranscriptEntry ToolResultMessage(
        string sessionId, long seq, string id, string? parentId, long now, string toolCallId, string toolName, string text, bool isError)
    {
        var json = Write(writer =>
        {
            WriteEntryStart(writer, id, parentId, now);
            writer.WriteStartObject("message"u8);
            writer.WriteString("role"u8, "toolResult");
            writer.WriteString("toolCallId"u8, toolCallId);
            writer.WriteString("toolName"u8, toolName);
            writer.WriteStartArray("content"u8);
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text");
            writer.WriteLongString("text"u8, text);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteBoolean("isError"u8, isError);
            writer.WriteNumber("timestamp"u8, now);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        return new TranscriptEntry(sessionId, seq, id, parentId, "message", IsoTimestamp(now), json);
    }

    private static void WriteEntryStart(Utf8JsonWriter writer, string id, string? parentId, long now)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "message");
        writer.WriteString("id"u8, id);
        if (parentId is null)
        {
            writer.WriteNull("parentId"u8);
        }
        else
        {
            writer.WriteString("parentId"u8, parentId);
        }

        writer.WriteString("timestamp"u8, IsoTimestamp(now));
    }

    private static void WriteUsage(Utf8JsonWriter writer, RunUsage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input"u8, usage.Input);
        writer.WriteNumber("output"u8, usage.Output);
        writer.WriteNumber("cacheRead"u8, usage.CacheRead);
        writer.WriteNumber("cacheWrite"u8, usage.CacheWrite);
        writer.WriteNumber("totalTokens"u8, usage.Total);
        writer.WriteStartObject("cost"u8);
        writer.WriteNumber("input"u8, 0);
        writer.WriteNumber("output"u8, 0);
        writer.WriteNumber("cacheRead"u8, 0);
        writer.WriteNumber("cacheWrite"u8, 0);
        writer.WriteNumber("total"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

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

/// <summary>Writes and replays transcript entries in the OpenClaw JSONL v3 shapes (agent-runtime.md §7.3).</summary>
internal static class TranscriptFormat
{
    private const string CompactionSummaryPrefix = "The conversation history before this point was compacted into the following summary:\n\n<summary>\n";
    private const string CompactionSummarySuffix = "\n</summary>";

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

    /// <summary>
    /// Provider messages for the stored entries, in order: user text, assistant text with its tool calls, tool
    /// results. The context is the <c>parentId</c> chain from the last entry back to the root (other branches of an
    /// imported file are ignored; see <see cref="TranscriptChain.Of"/>), cut by its latest <c>compaction</c>
    /// (agent-runtime.md §7.3).
    /// </summary>
    /// <remarks>
    /// A crash, an abort or an imported file can leave a history some provider rejects; it is repaired here, on the
    /// way to the model, and never in the transcript (export and import stay byte-identical; see
    /// <see cref="ReplayRepair.Repair"/>): a user turn nobody answered (its run was killed after persisting it, or
    /// failed without a word) is merged with the next user message, both texts in order, separated by a blank line;
    /// a tool call without a stored result gets an error result saying it was interrupted; a result that answers no
    /// call right before it is dropped, and so is an assistant message before the first user message; two assistant
    /// messages in a row are merged like user ones. <see cref="ReplayRepair.AddTurn"/> merges the new turn into an
    /// unanswered last one the same way.
    /// </remarks>
    public static List<ChatMessage> Replay(IReadOnlyList<TranscriptEntry> entries) => ReplayRepair.Repair(Read(Compacted(TranscriptChain.Of(entries))));

    /// <summary>
    /// The chain as the model sees it after its latest <c>compaction</c>: the summary (framed as pi-coding-agent
    /// frames it) as a user message, then the entries from <c>firstKeptEntryId</c> on; earlier compactions are
    /// inside that summary.
    /// </summary>
    private static List<ContextItem> Compacted(List<TranscriptEntry> chain)
    {
        var at = chain.FindLastIndex(e => e.Type == "compaction");
        if (at < 0)
        {
            return [.. chain.Select(e => new ContextItem(e, null))];
        }

        using var document = JsonDocument.Parse(chain[at].PayloadJson);
        var root = document.RootElement;
        var summary = StringProperty(root, "summary") ?? "";
        var firstKept = StringProperty(root, "firstKeptEntryId");
        var keptFrom = firstKept is null ? -1 : chain.FindIndex(0, at, e => e.EntryId == firstKept);
        var items = new List<ContextItem> { new(null, CompactionSummaryPrefix + summary + CompactionSummarySuffix) };
        if (keptFrom >= 0)
        {
            items.AddRange(chain[keptFrom..at].Select(e => new ContextItem(e, null)));
        }

        items.AddRange(chain[(at + 1)..].Select(e => new ContextItem(e, null)));
        return items;
    }

    private static List<ChatMessage> Read(List<ContextItem> items)
    {
        var messages = new List<ChatMessage>(items.Count);
        foreach (var item in items)
        {
            try
            {
                ReadItem(item, messages);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                // A malformed stored entry (e.g. an imported file's) is left out of the context instead of breaking
                // every later turn of the session.
            }
        }

        return messages;
    }

    private static void ReadItem(ContextItem item, List<ChatMessage> messages)
    {
        var (entry, summary) = item;
        if (summary is not null)
        {
            messages.Add(new ChatMessage(ChatRole.User, summary));
            return;
        }

        if (entry!.Type == "custom_message")
        {
            using var custom = JsonDocument.Parse(entry.PayloadJson);
            var customText = ContentText(custom.RootElement);
            if (customText.Length > 0)
            {
                messages.Add(new ChatMessage(ChatRole.User, customText));
            }

            return;
        }

        if (entry.Type != "message")
        {
            return;
        }

        using var document = JsonDocument.Parse(entry.PayloadJson);
        if (!document.RootElement.TryGetProperty("message"u8, out var message) || message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var text = ContentText(message);
        switch (role.GetString())
        {
            case "user" when text.Length > 0:
                messages.Add(new ChatMessage(ChatRole.User, text));
                break;
            case "assistant":
                var contents = new List<AIContent>();
                if (text.Length > 0)
                {
                    contents.Add(new TextContent(text));
                }

                contents.AddRange(ToolCalls(message));
                if (contents.Count > 0)
                {
                    messages.Add(new ChatMessage(ChatRole.Assistant, contents));
                }

                break;
            case "toolResult" when message.TryGetProperty("toolCallId"u8, out var callId) && callId.ValueKind == JsonValueKind.String:
                var isError = message.TryGetProperty("isError"u8, out var flag) && flag.ValueKind == JsonValueKind.True;
                messages.Add(new ChatMessage(ChatRole.Tool, [AgentRunner.ResultContent(callId.GetString()!, text, isError)]));
                break;
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IEnumerable<FunctionCallContent> ToolCalls(JsonElement message)
    {
        if (!message.TryGetProperty("content"u8, out var content) || content.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object
                && block.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("toolCall"u8)
                && block.TryGetProperty("id"u8, out var id) && id.ValueKind == JsonValueKind.String
                && block.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String)
            {
                var arguments = block.TryGetProperty("arguments"u8, out var args) ? args.GetRawText() : "{}";
                yield return ProviderToolCalls.Create(id.GetString()!, name.GetString()!, arguments);
            }
        }
    }

    private static string ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content"u8, out var content))
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var sb = new StringBuilder();
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object
                && block.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text"u8)
                && block.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
            {
                sb.Append(text.GetString());
            }
        }

        return sb.ToString();
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

    /// <summary>One element of the replayed context: a stored entry, or the text of a compaction summary.</summary>
    private readonly record struct ContextItem(TranscriptEntry? Entry, string? Summary);
}

using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs;

/// <summary>Turns a stored transcript (OpenClaw JSONL v3, agent-runtime.md §7.3) back into the messages a model is sent.</summary>
internal static class TranscriptReplay
{
    private const string CompactionSummaryPrefix = "The conversation history before this point was compacted into the following summary:\n\n<summary>\n";
    private const string CompactionSummarySuffix = "\n</summary>";

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
                messages.Add(new ChatMessage(ChatRole.Tool, [ProviderToolCalls.Result(callId.GetString()!, text, isError)]));
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

    /// <summary>One element of the replayed context: a stored entry, or the text of a compaction summary.</summary>
    private readonly record struct ContextItem(TranscriptEntry? Entry, string? Summary);
}

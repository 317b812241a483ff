using Microsoft.Extensions.AI;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Runs;

/// <summary>
/// Makes a replayed history one that every provider accepts, whatever a crash, an abort or an imported file left in
/// the transcript. Anthropic wants user first and tool results right behind their calls; OpenAI rejects an assistant
/// <c>tool_calls</c> message not followed by a result for each call id, and a result with no call; many
/// OpenAI-compatible servers and chat templates (Mistral, Llama) refuse two messages of one role in a row. The repair
/// happens on the way to the model only: the stored transcript stays exactly as written.
/// </summary>
internal static class ReplayRepair
{
    /// <summary>The error result a call gets when its own result never reached the transcript.</summary>
    internal const string InterruptedToolResult = "Tool call interrupted: no result was recorded.";

    /// <summary>Between the texts of merged messages: paragraphs, so neither runs into the other.</summary>
    private const string MergeSeparator = "\n\n";

    /// <summary>
    /// The history with: assistant messages before the first user message dropped (an answer to nothing); each
    /// assistant's calls followed by one result per call, stored results first in their order, then an error
    /// result <see cref="InterruptedToolResult"/> for each call without one; results anywhere else or for a call
    /// already answered dropped; consecutive user or assistant messages merged into one (<see cref="Merge"/>).
    /// </summary>
    public static List<ChatMessage> Repair(IReadOnlyList<ChatMessage> messages)
    {
        var answered = new List<ChatMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            // A result counts only right behind its call (taken below); a reply before any question answers nothing.
            if (message.Role == ChatRole.Tool || (message.Role == ChatRole.Assistant && answered.Count == 0))
            {
                continue;
            }

            answered.Add(message);
            var calls = message.Role == ChatRole.Assistant ? message.Contents.OfType<FunctionCallContent>().ToList() : [];
            if (calls.Count == 0)
            {
                continue;
            }

            var results = new List<FunctionResultContent>();
            for (; i + 1 < messages.Count && messages[i + 1].Role == ChatRole.Tool; i++)
            {
                results.AddRange(messages[i + 1].Contents.OfType<FunctionResultContent>());
            }

            answered.AddRange(Answers(calls, results).Select(result => new ChatMessage(ChatRole.Tool, [result])));
        }

        return MergeRuns(answered);
    }

    /// <summary>
    /// Adds the new user turn to a replayed context; after a turn nobody answered (its run was killed, or failed
    /// without a word) it is merged into that turn's user message, so the model sees both questions once.
    /// </summary>
    public static void AddTurn(List<ChatMessage> context, ChatMessage turn)
    {
        if (context.Count > 0 && context[^1].Role == ChatRole.User)
        {
            context[^1] = Merge([context[^1], turn]);
        }
        else
        {
            context.Add(turn);
        }
    }

    /// <summary>
    /// One message of the run's role holding them all: their texts in order, separated by a blank line, as a single
    /// text (providers render separate parts differently), then their other contents (images, calls), in order.
    /// </summary>
    private static ChatMessage Merge(List<ChatMessage> run)
    {
        var contents = new List<AIContent>();
        if (run.Any(m => m.Contents.Any(c => c is Utf8TextContent)))
        {
            // A turn's text kept as UTF-8 pieces stays so: joined as pieces, never built into one string.
            var texts = run.Where(PromptTexts.HasText).Select(PromptTexts.Of).ToList();
            var joined = new List<PromptText>(texts.Count * 2);
            foreach (var text in texts)
            {
                if (joined.Count > 0)
                {
                    joined.Add(MergeSeparator);
                }

                joined.Add(text);
            }

            contents.Add(new Utf8TextContent(PromptText.Concat([.. joined])));
        }
        else if (string.Join(MergeSeparator, run.Select(m => m.Text).Where(t => t.Length > 0)) is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text));
        }

        contents.AddRange(run.SelectMany(m => m.Contents).Where(c => c is not (TextContent or Utf8TextContent)));
        return new ChatMessage(run[0].Role, contents);
    }

    /// <summary>Each run of user (or assistant) messages as one message; tool messages stay as they are.</summary>
    private static List<ChatMessage> MergeRuns(List<ChatMessage> messages)
    {
        var merged = new List<ChatMessage>(messages.Count);
        for (var start = 0; start < messages.Count;)
        {
            var role = messages[start].Role;
            var end = start + 1;
            while (role != ChatRole.Tool && end < messages.Count && messages[end].Role == role)
            {
                end++;
            }

            merged.Add(end - start == 1 ? messages[start] : Merge(messages[start..end]));
            start = end;
        }

        return merged;
    }

    private static IEnumerable<FunctionResultContent> Answers(List<FunctionCallContent> calls, List<FunctionResultContent> results)
    {
        // Counts, not a set: a (malformed) turn may use one call id twice, and then needs two results.
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            pending[call.CallId] = pending.GetValueOrDefault(call.CallId) + 1;
        }

        foreach (var result in results)
        {
            if (pending.GetValueOrDefault(result.CallId) > 0)
            {
                pending[result.CallId]--;
                yield return result;
            }
        }

        foreach (var call in calls)
        {
            if (pending[call.CallId] > 0)
            {
                pending[call.CallId]--;
                yield return ProviderToolCalls.Result(call.CallId, InterruptedToolResult, isError: true);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Prompt;

namespace OpenClaw.Core.Providers.Echo;

/// <summary>
/// The built-in offline model <c>echo/echo</c>. NOT an LLM: it answers <c>echo: &lt;your last message&gt;</c>,
/// streamed word by word, deterministically, so the gateway works end to end before a real provider is configured.
/// Token counts are estimates (characters / 4).
/// </summary>
internal sealed class EchoChatClient : StreamingChatClient
{
    public const string ProviderId = "echo";
    public const string ModelId = "echo";

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var reply = Reply(list);
        var words = SplitKeepingSpaces(reply);
        foreach (var word in words)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word) { ModelId = ModelId };
        }

        await Task.CompletedTask.ConfigureAwait(false);
        var prompt = Estimate(list.Sum(m => m.Contents.Sum(PromptTexts.EstimatedLength)));
        var completion = Estimate(reply.Length);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails
        {
            InputTokenCount = prompt,
            OutputTokenCount = completion,
            TotalTokenCount = prompt + completion,
        })])
        {
            FinishReason = ChatFinishReason.Stop,
            ModelId = ModelId,
        };
    }

    private static string Reply(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User)
            {
                return "echo: " + UserEnvelope.Strip(PromptTexts.StringOf(messages[i]));
            }
        }

        return "echo:";
    }

    private static List<string> SplitKeepingSpaces(string text)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && (i + 1 == text.Length || text[i + 1] != ' '))
            {
                words.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            words.Add(text[start..]);
        }

        return words;
    }

    private static long Estimate(long chars) => (chars + 3) / 4;
}

using Microsoft.Extensions.AI;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Runs;

/// <summary>
/// The one cheap estimate of how much of a context window a prompt takes: about four characters a token
/// (agent-runtime.md §5.3, "contextWindow − estimated prompt tokens"). It counts the UTF-16 characters of texts, tool
/// names with their arguments, and tool results; images and tool declarations are not counted. Both the output cap
/// (<see cref="Invocation.ModelStreamCall"/>) and the history window (<see cref="HistoryWindow"/>) use it, so they agree.
/// </summary>
internal static class PromptEstimate
{
    public static long Chars(IReadOnlyList<ChatMessage> messages)
    {
        long chars = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            chars += Chars(messages[i]);
        }

        return chars;
    }

    public static long Chars(ChatMessage message)
    {
        long chars = 0;
        // Tool calls and results fill the context as much as text does (up to 50 KB a result, 64 calls a run).
        foreach (var content in message.Contents)
        {
            chars += content switch
            {
                TextContent text => text.Text.Length,
                Utf8TextContent utf8 => utf8.Text.CharLength,
                FunctionCallContent call => call.Name.Length + ProviderToolCalls.RawArguments(call).Length,
                FunctionResultContent result => ProviderToolCalls.ResultText(result).Length,
                _ => 0,
            };
        }

        return chars;
    }

    /// <summary>Tokens for <paramref name="chars"/> characters, rounded up.</summary>
    public static long Tokens(long chars) => (chars + 3) / 4;
}

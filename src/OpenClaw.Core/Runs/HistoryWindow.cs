using Microsoft.Extensions.AI;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Runs;

/// <summary>
/// Keeps the replayed history inside the model's context window: when the prompt (system prompt, history, the new
/// user turn) and the reserve for the answer would not fit, the oldest turns are left out, whole. A turn is a user
/// message with everything up to the next one (assistant messages, tool calls and their results), so the model never
/// sees a result without its call or a call without its results, and the history still starts with a user message.
/// The system prompt and the new turn are always sent, even when they alone are too big (the provider then says so).
/// Only what is sent changes; the transcript stays as written. Sizes are <see cref="PromptEstimate"/>'s.
/// </summary>
internal static class HistoryWindow
{
    /// <summary>
    /// Leaves the oldest turns out of <paramref name="messages"/> (the system prompt first, the new user turn last,
    /// the replayed history between them) until the estimate plus <paramref name="reserveTokens"/> fits in
    /// <paramref name="contextWindow"/>, or no history is left. A prompt that fits is not touched.
    /// </summary>
    public static HistoryTrim Fit(List<ChatMessage> messages, int contextWindow, int reserveTokens)
    {
        // Nothing to leave out: no history between the system prompt and the new turn (every new session).
        if (messages.Count <= 2)
        {
            return default;
        }

        var budgetChars = Math.Max(0, (long)contextWindow - reserveTokens) * 4;
        var total = PromptEstimate.Chars(messages);
        if (total <= budgetChars)
        {
            return default;
        }

        var last = messages.Count - 1;
        long dropped = 0;
        var keptFrom = 1;
        var turns = 0;
        while (keptFrom < last && total - dropped > budgetChars)
        {
            // One whole turn: its user message and everything before the next user message.
            do
            {
                dropped += PromptEstimate.Chars(messages[keptFrom]);
                keptFrom++;
            }
            while (keptFrom < last && messages[keptFrom].Role != ChatRole.User);

            turns++;
        }

        messages.RemoveRange(1, keptFrom - 1);
        return new HistoryTrim(turns, keptFrom - 1, PromptEstimate.Tokens(dropped), PromptEstimate.Tokens(total - dropped));
    }

    /// <summary>
    /// The tokens kept free for the answer: <c>agents.defaults.compaction.reserveTokens</c> when configured, else the
    /// answer's cap (the run's <c>maxTokens</c>, else the model's) but at most half the window, so that a model
    /// declared with a cap as large as its window still gets history; never less than
    /// <c>compaction.reserveTokensFloor</c> when that is configured.
    /// </summary>
    public static int ReserveTokens(int contextWindow, int outputCap, CompactionConfig compaction)
    {
        ArgumentNullException.ThrowIfNull(compaction);
        var reserve = compaction.ReserveTokens ?? Math.Min(outputCap, contextWindow / 2);
        return Math.Max(reserve, compaction.ReserveTokensFloor ?? 0);
    }
}

namespace OpenClaw.Core.Runs;

/// <summary>What <see cref="HistoryWindow.Fit"/> left out (all zero when the prompt fit), and the estimate of what is sent.</summary>
internal readonly record struct HistoryTrim(int DroppedTurns, int DroppedMessages, long DroppedTokens, long SentTokens);

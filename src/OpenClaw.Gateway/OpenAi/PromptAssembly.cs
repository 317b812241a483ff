using OpenClaw.Core.Prompt;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// One conversation entry on its way into the agent prompt: <c>Sender: body</c>. <c>IsActiveRole</c> marks a user or
/// tool entry, which can be the current message; <c>KeepEmpty</c> an empty body that still counts (an empty tool result).
/// </summary>
internal sealed record PromptEntry(bool IsActiveRole, string Sender, PromptText Body, bool KeepEmpty);

/// <summary>
/// The assembly both OpenAI-compatible endpoints share (http-api.md §4.5, §6.4): the current message is the last
/// user or tool entry (else the last entry) and later entries are dropped; a lone entry is its body (a tool's with its
/// sender); anything before it is given as context under the history markers.
/// </summary>
internal static class PromptAssembly
{
    /// <summary>The prompt, or null when no entry is left once empty bodies are dropped.</summary>
    public static PromptText? Assemble(List<PromptEntry> entries)
    {
        entries.RemoveAll(e => e.Body.IsEmpty && !e.KeepEmpty);
        if (entries.Count == 0)
        {
            return null;
        }

        var currentIndex = entries.FindLastIndex(e => e.IsActiveRole);
        if (currentIndex < 0)
        {
            currentIndex = entries.Count - 1;
        }

        var current = entries[currentIndex];
        if (currentIndex == 0)
        {
            return current.Sender == "User" ? current.Body : PromptText.Concat($"{current.Sender}: ", current.Body);
        }

        var parts = new List<PromptText>((currentIndex * 3) + 3) { "[Chat messages since your last reply - for context]\n" };
        for (var i = 0; i < currentIndex; i++)
        {
            parts.Add($"{entries[i].Sender}: ");
            parts.Add(entries[i].Body);
            parts.Add("\n");
        }

        parts.Add($"\n[Current message - respond to this]\n{current.Sender}: ");
        parts.Add(current.Body);
        return PromptText.Concat([.. parts]);
    }
}

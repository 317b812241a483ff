using System.Diagnostics.CodeAnalysis;

namespace OpenClaw.Gateway.Inputs;

/// <summary>What an item of a conversation is, as far as the active turn is concerned.</summary>
internal enum TurnRole
{
    Other,
    User,
    ToolResult,
}

/// <summary>
/// The active turn of a conversation sent as history (http-api.md §4.6, §6.5): its last user message or tool result.
/// Only a user message as the active turn brings images and files; earlier messages' media are never read.
/// </summary>
internal static class ActiveTurn
{
    /// <summary>The active turn when it is a user message; false when there is none or it is a tool result.</summary>
    public static bool TryGetUserMessage<T>(IEnumerable<T> items, Func<T, TurnRole> roleOf, [MaybeNullWhen(false)] out T message)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(roleOf);

        // Forward, keeping the last match: a JSON array of objects cannot be indexed from the end cheaply.
        message = default;
        var found = false;
        foreach (var item in items)
        {
            switch (roleOf(item))
            {
                case TurnRole.User:
                    (message, found) = (item, true);
                    break;
                case TurnRole.ToolResult:
                    (message, found) = (default, false);
                    break;
            }
        }

        return found;
    }
}

using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers;

/// <summary>
/// The run's thinking level as adapters receive it: <see cref="ChatOptions.AdditionalProperties"/> under
/// <see cref="Key"/> holds <c>minimal</c>, <c>low</c>, <c>medium</c>, <c>high</c> or <c>xhigh</c>; absent means off.
/// The runner sets it only for models declared with <c>reasoning: true</c> (agent-runtime.md §5.3).
/// </summary>
public static class ProviderThinking
{
    public const string Key = "openclaw.thinking";

    /// <summary>The levels, weakest first; <c>off</c> is never passed to an adapter.</summary>
    public static readonly IReadOnlyList<string> Levels = ["minimal", "low", "medium", "high", "xhigh"];

    /// <summary>The level in <paramref name="options"/>, or null when thinking is off.</summary>
    public static string? Level(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true && value is string level && Levels.Contains(level) ? level : null;

    /// <summary>OpenAI <c>reasoning_effort</c>: the level itself, <c>xhigh</c> capped at <c>high</c>.</summary>
    public static string? OpenAiEffort(ChatOptions? options) => Level(options) switch
    {
        null => null,
        "xhigh" => "high",
        var level => level,
    };
}

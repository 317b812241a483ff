namespace OpenClaw.Core.Tools;

/// <summary>How tool names in policy lists are compared (http-api.md §8.4): trimmed, lower-cased, aliases mapped.</summary>
public static class ToolNames
{
    /// <summary>The original's legacy names: <c>bash</c> is <c>exec</c>, <c>cron</c> is <c>automations</c>.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["bash"] = "exec",
        ["cron"] = "automations",
    };

    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = name.Trim().ToLowerInvariant();
        return Aliases.GetValueOrDefault(normalized, normalized);
    }
}

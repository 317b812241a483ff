namespace OpenClaw.Core.Agents;

/// <summary>Agent id syntax: <c>^[a-z0-9][a-z0-9_-]{0,63}$</c> after lower-casing.</summary>
public static class AgentIds
{
    public const string DefaultAgentId = "main";

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > 64 || !IsAlphaNumeric(id[0]))
        {
            return false;
        }

        foreach (var c in id[1..])
        {
            if (!IsAlphaNumeric(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-cases and validates; null when the id is malformed.</summary>
    public static string? Normalize(string? raw)
    {
        var trimmed = raw?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var lower = trimmed.ToLowerInvariant();
        return IsValid(lower) ? lower : null;
    }

    private static bool IsAlphaNumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}

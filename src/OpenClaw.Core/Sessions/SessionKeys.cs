
namespace OpenClaw.Core.Sessions;

/// <summary>Session key rules (agent-runtime.md §6.1): lower-case store keys scoped as <c>agent:&lt;id&gt;:&lt;rest&gt;</c>.</summary>
public static class SessionKeys
{
    public const string GlobalKey = "global";

    private static readonly string[] ReservedPrefixes = ["subagent:", "cron:", "acp:"];
    private static readonly string[] ReservedAgentScopes = ["subagent", "cron", "acp", "harness"];

    /// <summary>Canonical store key for <paramref name="rawKey"/> on <paramref name="agentId"/>.</summary>
    public static string Canonicalize(string? rawKey, string agentId, string mainKey = "main", bool globalScope = false)
    {
        var key = rawKey?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(key) || key == "main" || key == mainKey)
        {
            return MainKey(agentId, mainKey);
        }

        if (key == GlobalKey && globalScope)
        {
            return key;
        }

        return Scope(key, agentId);
    }

    /// <summary>
    /// <paramref name="rawKey"/> trimmed and lower-cased, kept when agent-scoped, else <c>agent:&lt;agentId&gt;:&lt;key&gt;</c>;
    /// no <c>main</c>/<c>global</c> aliases (those are <see cref="Canonicalize"/>'s).
    /// </summary>
    public static string Scope(string rawKey, string agentId)
    {
        ArgumentNullException.ThrowIfNull(rawKey);
        var key = rawKey.Trim().ToLowerInvariant();
        return TryGetAgentId(key, out _) ? key : $"agent:{agentId}:{key}";
    }

    public static string MainKey(string agentId, string mainKey = "main") => $"agent:{agentId}:{mainKey}";

    /// <summary>True when <paramref name="key"/> is its agent's main session <c>agent:&lt;id&gt;:&lt;mainKey&gt;</c>.</summary>
    public static bool IsMainKey(string key, string mainKey = "main") =>
        TryGetAgentId(key, out var agentId) && key == MainKey(agentId, mainKey);

    /// <summary><c>agent:&lt;id&gt;:harness:…</c>, the namespace of harness-owned sessions (http-api.md §8.3 step 5).</summary>
    public static bool IsHarnessKey(string key) =>
        TryGetAgentId(key, out var agentId) && key.AsSpan("agent:".Length + agentId.Length + 1).StartsWith("harness:", StringComparison.Ordinal);

    /// <summary>The agent of an <c>agent:&lt;id&gt;:&lt;rest&gt;</c> key (second segment; rest non-empty).</summary>
    public static bool TryGetAgentId(string key, out string agentId)
    {
        agentId = "";
        if (!key.StartsWith("agent:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var second = key.IndexOf(':', 6);
        if (second <= 6 || second == key.Length - 1)
        {
            return false;
        }

        agentId = key[6..second].ToLowerInvariant();
        return true;
    }

    /// <summary>Internal namespaces a caller may not address directly (http-api.md §4.4).</summary>
    public static bool IsReserved(string key)
    {
        foreach (var prefix in ReservedPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (!TryGetAgentId(key, out var agentId))
        {
            return false;
        }

        var rest = key.AsSpan(6 + agentId.Length + 1);
        foreach (var scope in ReservedAgentScopes)
        {
            if (rest.StartsWith(scope, StringComparison.OrdinalIgnoreCase) && rest.Length > scope.Length && rest[scope.Length] == ':')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Session kind from the key's shape: global, group, thread or direct.</summary>
    public static string KindOf(string key) =>
        key == GlobalKey ? "global"
        : key.Contains(":group:", StringComparison.Ordinal) || key.Contains(":channel:", StringComparison.Ordinal) ? "group"
        : key.Contains(":thread:", StringComparison.Ordinal) || key.Contains(":topic:", StringComparison.Ordinal) ? "thread"
        : "direct";
}

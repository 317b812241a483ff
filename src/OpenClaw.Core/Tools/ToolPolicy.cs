using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tools;

/// <summary>
/// Which built-in tools an agent may use (agent-runtime.md §5.5): the profile's set, plus <c>tools.allow</c>, minus
/// <c>tools.deny</c>; then the agent's <c>tools</c> the same way (its profile, when set, replaces the set so far);
/// the global deny list applies again at the end, so a deny always wins.
/// </summary>
internal static class ToolPolicy
{
    public const string DefaultProfile = "coding";

    /// <summary>The built-in tools in the order they are offered.</summary>
    public static readonly IReadOnlyList<string> BuiltInNames = ["read", "write", "edit", "ls", "exec"];

    private static readonly Dictionary<string, string[]> Groups = new(StringComparer.Ordinal)
    {
        ["group:fs"] = ["read", "write", "edit", "ls"],
        ["group:runtime"] = ["exec"],
    };

    // DECISION (spec): exec is not in the default profile, unlike the original's.
    private static readonly Dictionary<string, string[]> Profiles = new(StringComparer.Ordinal)
    {
        ["minimal"] = [],
        ["coding"] = ["group:fs"],
        ["messaging"] = [],
        ["full"] = ["*"],
    };

    /// <summary>The original's aliases that name one of our tools.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["bash"] = "exec" };

    public static HashSet<string> Allowed(ToolsConfig tools, ToolPolicyConfig? agent)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var global = tools.Policy;
        var allowed = Expand(Profiles.GetValueOrDefault(global.Profile ?? DefaultProfile, []));
        allowed.UnionWith(Expand(global.Allow));
        allowed.ExceptWith(Expand(global.Deny));
        if (agent is not null)
        {
            if (agent.Profile is { } profile)
            {
                allowed = Expand(Profiles.GetValueOrDefault(profile, []));
            }

            allowed.UnionWith(Expand(agent.Allow));
            allowed.ExceptWith(Expand(agent.Deny));
            allowed.ExceptWith(Expand(global.Deny));
        }

        return allowed;
    }

    /// <summary>Built-in names matched by <paramref name="entries"/>: names, aliases, groups and <c>*</c> patterns.</summary>
    private static HashSet<string> Expand(IEnumerable<string> entries)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in entries)
        {
            var entry = raw.Trim().ToLowerInvariant();
            entry = Aliases.GetValueOrDefault(entry, entry);
            if (Groups.TryGetValue(entry, out var members))
            {
                names.UnionWith(members);
                continue;
            }

            foreach (var name in BuiltInNames)
            {
                if (GlobMatches(entry, name))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/>, where <c>*</c> is any run of characters.</summary>
    internal static bool GlobMatches(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

namespace OpenClaw.Core.Configuration;

public static partial class ConfigBinder
{
    /// <summary>
    /// <c>tools.exec.passEnv</c>: variable names (letters, digits, <c>_</c>, not starting with a digit), each optionally
    /// ending in <c>*</c> for every variable with that prefix. A bare <c>*</c> is refused: it would hand the commands
    /// the whole environment again.
    /// </summary>
    /// <remarks>
    /// A listed name that holds a gateway secret or a provider key (<paramref name="secretNames"/>) is a config error,
    /// not a warning with the name dropped: the operator asked for the secret to reach the commands, and a silently
    /// missing variable would show up later as a command failing for no visible reason. An error names the conflict
    /// where the config is edited (load, <c>config validate</c>), and a hot reload that fails keeps the running
    /// config. Prefixes are not refused (<c>OPENCLAW_*</c> is fine): the secrets they cover are dropped when the
    /// command starts (ExecEnvironment).
    /// </remarks>
    private static IReadOnlyList<string> BindPassEnv(ConfigSection exec, IReadOnlySet<string> secretNames)
    {
        var entries = exec.StringList("passEnv") ?? [];
        var names = new List<string>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var name = entry.EndsWith('*') ? entry[..^1] : entry;
            if (entry.Length == 0)
            {
                exec.Error($"passEnv[{i}]", "expected a variable name, received an empty string");
            }
            else if (name.Length == 0)
            {
                exec.Error($"passEnv[{i}]", $"\"{entry}\" would pass the whole environment; list variable names or prefixes such as \"NODE_*\"");
            }
            else if (!IsPortableVariableName(name))
            {
                exec.Error($"passEnv[{i}]", $"\"{entry}\" is not a variable name (letters, digits and _, optionally ending in *)");
            }
            else if (secretNames.Contains(entry))
            {
                exec.Error($"passEnv[{i}]", $"{entry} holds a gateway secret or a model provider's API key and is never passed to exec commands");
            }
            else
            {
                names.Add(entry);
            }
        }

        return names;
    }

    private static bool IsPortableVariableName(string name) =>
        !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

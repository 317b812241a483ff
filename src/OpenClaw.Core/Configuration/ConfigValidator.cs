using System.Text.RegularExpressions;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Runs the gateway's load (read, <c>$include</c>, <c>env</c>, <c>${VAR}</c>, bind) and reports every problem
/// instead of throwing on the first (<c>openclaw config validate</c>, and the check before <c>config set</c> writes).
/// </summary>
public static partial class ConfigValidator
{
    /// <param name="paths">The config file to load and its state directory (for <c>.env</c>).</param>
    /// <param name="environment">Variables for <c>${VAR}</c>; the <c>env</c> block may add to it.</param>
    /// <param name="tolerateUnsetVariables">
    /// Treat an unset <c>${VAR}</c> as the literal text instead of an error: the CLI's shell need not hold the
    /// gateway's secrets. The names are reported in <see cref="ConfigValidationResult.UnsetVariables"/>.
    /// </param>
    public static ConfigValidationResult Validate(OpenClawPaths paths, IProcessEnvironment? environment = null, bool tolerateUnsetVariables = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        environment ??= ProcessEnvironment.Instance;
        var unset = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            try
            {
                var raw = ConfigFileReader.Read(paths.ConfigPath, paths.StateDir, new PlaceholderEnvironment(environment, unset));
                var diagnostics = new ConfigDiagnostics();
                ConfigBinder.Bind(raw, diagnostics);
                return new ConfigValidationResult(paths.ConfigPath, diagnostics.Errors, diagnostics.Warnings, [.. unset]);
            }
            catch (ConfigException ex)
            {
                // Substitution stops at the first unset variable, so learn them one load at a time.
                if (tolerateUnsetVariables && MissingVariable().Match(ex.Message) is { Success: true } match
                    && unset.Add(match.Groups[1].Value))
                {
                    continue;
                }

                return new ConfigValidationResult(paths.ConfigPath, [ex.Message], [], [.. unset]);
            }
        }
    }

    [GeneratedRegex("^missing env var ([A-Z_][A-Z0-9_]*) at ")]
    private static partial Regex MissingVariable();

    /// <summary>The real environment, except that the listed unset names read as their own <c>${NAME}</c> text.</summary>
    private sealed class PlaceholderEnvironment(IProcessEnvironment inner, IReadOnlySet<string> placeholders) : IProcessEnvironment
    {
        public string? Get(string name) => inner.Get(name) ?? (placeholders.Contains(name) ? "${" + name + "}" : null);

        public void Set(string name, string value) => inner.Set(name, value);
    }
}

/// <summary>The outcome of <see cref="ConfigValidator.Validate"/>.</summary>
public sealed record ConfigValidationResult(
    string Path, IReadOnlyList<string> Issues, IReadOnlyList<string> Warnings, IReadOnlyList<string> UnsetVariables)
{
    public bool Valid => Issues.Count == 0;
}

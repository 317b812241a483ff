using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;

namespace OpenClaw.Core.Tools;

/// <summary>
/// What an <c>exec</c> command gets of the gateway's environment: not the whole of it (which holds provider keys,
/// the gateway token and whatever the config's <c>env</c> block and <c>.env</c> files put there), but the
/// allow-listed variables (<see cref="DefaultNames"/>) and those the operator lists in <c>tools.exec.passEnv</c>,
/// minus every variable named as a secret (<see cref="SecretVariables.Names"/>) or holding a known secret value.
/// </summary>
internal sealed class ExecEnvironment
{
    /// <summary>
    /// A secret at least this long is also found inside a longer value (<c>https://user:KEY@host</c>); a shorter one
    /// only as the whole value, so that a two-letter password does not drop every variable that contains it.
    /// </summary>
    internal const int MinContainedSecretLength = 8;

    private readonly IReadOnlyList<string> _patterns;
    private readonly IReadOnlySet<string> _secretNames;
    private readonly IReadOnlyList<string> _secretValues;

    private ExecEnvironment(IReadOnlyList<string> patterns, IReadOnlySet<string> secretNames, IReadOnlyList<string> secretValues)
    {
        _patterns = patterns;
        _secretNames = secretNames;
        _secretValues = secretValues;
    }

    /// <summary>The variables every command gets when the gateway has them; a trailing <c>*</c> is a prefix.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = OperatingSystem.IsWindows()
        ?
        [
            "Path", "PATHEXT", "SystemRoot", "SystemDrive", "windir", "ComSpec", "TEMP", "TMP", "USERPROFILE", "USERNAME",
            "HOMEDRIVE", "HOMEPATH", "APPDATA", "LOCALAPPDATA", "ProgramData", "ProgramFiles", "ProgramFiles(x86)",
            "CommonProgramFiles", "NUMBER_OF_PROCESSORS", "PROCESSOR_ARCHITECTURE", "OS", "LANG", "TZ",
        ]
        : ["PATH", "HOME", "USER", "LANG", "LC_*", "TERM", "TZ", "TMPDIR", "SHELL"];

    /// <summary>
    /// The environment policy of <paramref name="config"/>: its <c>tools.exec.passEnv</c>, and as secrets the
    /// gateway token and password (config and environment) and the key of every provider a model ref can name.
    /// </summary>
    public static ExecEnvironment For(OpenClawConfig config, IProcessEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        string?[] candidates =
        [
            config.Gateway.Auth.Token,
            config.Gateway.Auth.Password,
            .. SecretVariables.GatewayNames.Select(environment.Get),
            .. config.Models.KnownProviders.Select(provider => ModelResolver.ResolveApiKey(provider, environment)),
        ];
        var values = candidates.Select(value => value?.Trim()).OfType<string>().Where(value => value.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return new ExecEnvironment([.. DefaultNames, .. config.Tools.ExecPassEnv], SecretVariables.Names(config.Models), values);
    }

    /// <summary>
    /// Replaces <paramref name="variables"/> (a child's environment, filled from the gateway's) with the variables a
    /// command may see.
    /// </summary>
    public void Apply(IDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var inherited = variables.ToArray();
        variables.Clear();
        foreach (var (name, value) in inherited)
        {
            if (value is not null && IsPassed(name, value))
            {
                variables[name] = value;
            }
        }
    }

    /// <summary>True when <paramref name="name"/> is allowed and neither it nor its value is a secret.</summary>
    public bool IsPassed(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return _patterns.Any(pattern => Matches(pattern, name)) && !_secretNames.Contains(name) && !HoldsSecret(value);
    }

    /// <summary>A name, or with a trailing <c>*</c> every name with that prefix.</summary>
    internal static bool Matches(string pattern, string name)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return pattern.EndsWith('*')
            ? name.StartsWith(pattern[..^1], comparison)
            : string.Equals(pattern, name, comparison);
    }

    private bool HoldsSecret(string value)
    {
        var trimmed = value.Trim();
        foreach (var secret in _secretValues)
        {
            if (secret.Length >= MinContainedSecretLength
                ? trimmed.Contains(secret, StringComparison.Ordinal)
                : string.Equals(trimmed, secret, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

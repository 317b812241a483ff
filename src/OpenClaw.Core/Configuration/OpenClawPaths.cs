namespace OpenClaw.Core.Configuration;

/// <summary>Where the gateway keeps its state and reads its configuration file.</summary>
public sealed record OpenClawPaths(string StateDir, string ConfigPath)
{
    /// <summary>
    /// Resolves the state directory (<c>OPENCLAW_STATE_DIR</c>, else <c>~/.openclaw</c>, or the profile variants)
    /// and the config file (<c>OPENCLAW_CONFIG_PATH</c>, else <c>&lt;stateDir&gt;/openclaw.json</c>).
    /// </summary>
    public static OpenClawPaths Resolve(Func<string, string?>? getEnv = null, string? profile = null, bool dev = false)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var home = HomeDirectory(getEnv);
        var stateDir = NonEmpty(getEnv("OPENCLAW_STATE_DIR")) is { } fromEnv
            ? ExpandHome(fromEnv, home)
            : dev ? Path.Combine(home, ".openclaw-dev")
            : NonEmpty(profile) is { } name ? Path.Combine(home, ".openclaw-" + name)
            : Path.Combine(home, ".openclaw");
        var configPath = NonEmpty(getEnv("OPENCLAW_CONFIG_PATH")) is { } explicitPath
            ? ExpandHome(explicitPath, home)
            : Path.Combine(stateDir, "openclaw.json");
        return new OpenClawPaths(Path.GetFullPath(stateDir), Path.GetFullPath(configPath));
    }

    /// <summary>Expands a leading <c>~</c> to the home directory.</summary>
    public static string ExpandHome(string path, string? home = null)
    {
        home ??= HomeDirectory(Environment.GetEnvironmentVariable);
        if (path == "~")
        {
            return home;
        }

        return path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path;
    }

    private static string HomeDirectory(Func<string, string?> getEnv) =>
        NonEmpty(getEnv("OPENCLAW_HOME")) ?? NonEmpty(getEnv("HOME"))
        ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

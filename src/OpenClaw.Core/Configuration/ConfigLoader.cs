namespace OpenClaw.Core.Configuration;

/// <summary>Loads and validates the config file into a snapshot (read, parse, include, env, substitute, bind).</summary>
public static class ConfigLoader
{
    public static ConfigSnapshot Load(OpenClawPaths paths, long version = 1, IProcessEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var secrets = new ConfigSecrets();
        var raw = ConfigFileReader.Read(paths.ConfigPath, paths.StateDir, environment, secrets);
        return new ConfigSnapshot(ConfigBinder.Bind(raw), paths, version) { Secrets = secrets };
    }
}

using OpenClaw.Core.Agents;

namespace OpenClaw.Core.Configuration;

/// <summary>One immutable, validated view of the configuration; requests and runs read one at their start.</summary>
public sealed class ConfigSnapshot
{
    public ConfigSnapshot(OpenClawConfig config, OpenClawPaths paths, long version)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(paths);
        Config = config;
        Paths = paths;
        Version = version;
        Agents = new AgentCatalog(config.Agents, paths.StateDir);
    }

    public OpenClawConfig Config { get; }

    public OpenClawPaths Paths { get; }

    public AgentCatalog Agents { get; }

    /// <summary>The secret values the config was built from, for redaction.</summary>
    public ConfigSecrets Secrets { get; init; } = ConfigSecrets.None;

    /// <summary>Increases with every successful (re)load.</summary>
    public long Version { get; }
}

/// <summary>Source of the current configuration snapshot.</summary>
public interface IConfigSource
{
    ConfigSnapshot Current { get; }

    /// <summary>Raised after a reload swapped in a new snapshot.</summary>
    event Action<ConfigSnapshot>? Changed;
}

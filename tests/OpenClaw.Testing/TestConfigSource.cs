using OpenClaw.Core.Configuration;

namespace OpenClaw.Testing;

/// <summary>A fixed <see cref="IConfigSource"/> for components that read the current snapshot.</summary>
public sealed class TestConfigSource(ConfigSnapshot snapshot) : IConfigSource
{
    public ConfigSnapshot Current { get; set; } = snapshot;

    public event Action<ConfigSnapshot>? Changed
    {
        add { }
        remove { }
    }
}

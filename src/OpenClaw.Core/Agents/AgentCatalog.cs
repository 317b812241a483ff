using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Agents;

/// <summary>The agents of one config snapshot, the default agent and where each agent's workspace lives.</summary>
public sealed class AgentCatalog
{
    private readonly Dictionary<string, AgentConfig> _byId;
    private readonly AgentDefaultsConfig _defaults;
    private readonly string _stateDir;

    public AgentCatalog(AgentsConfig config, string stateDir)
    {
        ArgumentNullException.ThrowIfNull(config);
        _defaults = config.Defaults;
        _stateDir = stateDir;
        ConfiguredCount = config.List.Count;
        Agents = config.List.Count > 0 ? config.List : [new AgentConfig { Id = AgentIds.DefaultAgentId }];
        _byId = Agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        DefaultAgentId = ResolveDefault(config);
    }

    /// <summary>Configured agents in config order; one implicit <c>main</c> when none are configured.</summary>
    public IReadOnlyList<AgentConfig> Agents { get; }

    /// <summary>How many agents the config declares (0 means the implicit <c>main</c>).</summary>
    public int ConfiguredCount { get; }

    /// <summary>The gateway's default agent (agent-runtime.md §3.3).</summary>
    public string DefaultAgentId { get; }

    public bool Contains(string agentId) => _byId.ContainsKey(agentId);

    /// <summary>
    /// Whether <paramref name="raw"/>, trimmed and lower-cased, is a configured agent; <paramref name="agentId"/> is that
    /// form either way, for the message that refuses it.
    /// </summary>
    public bool IsConfigured(string raw, out string agentId)
    {
        ArgumentNullException.ThrowIfNull(raw);
        agentId = raw.Trim().ToLowerInvariant();
        return AgentIds.IsValid(agentId) && Contains(agentId);
    }

    public AgentConfig? Find(string agentId) => _byId.GetValueOrDefault(agentId);

    /// <summary>The agent's workspace directory (agent-runtime.md §4.1), absolute.</summary>
    public string WorkspaceFor(string agentId)
    {
        var explicitDir = Find(agentId)?.Workspace;
        var dir = explicitDir is { Length: > 0 }
            ? explicitDir
            : Agents.Count == 1
                ? _defaults.Workspace is { Length: > 0 } shared ? shared : Path.Combine(_stateDir, "workspace")
                : Path.Combine(_stateDir, "workspace-" + agentId);
        return Path.GetFullPath(OpenClawPaths.ExpandHome(dir));
    }

    private string ResolveDefault(AgentsConfig config)
    {
        if (config.Defaults.SystemAgentId is { } systemAgent && _byId.ContainsKey(systemAgent))
        {
            return systemAgent;
        }

        if (config.List.FirstOrDefault(a => a.Default) is { } marked)
        {
            return marked.Id;
        }

        return _byId.ContainsKey(AgentIds.DefaultAgentId) ? AgentIds.DefaultAgentId : Agents[0].Id;
    }
}

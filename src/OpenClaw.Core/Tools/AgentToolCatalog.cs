using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tools;

/// <summary>The built-in tools (agent-runtime.md §5.7) an agent may use under the tool policy (§5.5).</summary>
/// <param name="host">Host switches: the exec kill switch and workspace confinement of the file tools.</param>
/// <param name="environment">Where the secrets kept from <c>exec</c> are read (default: the process environment).</param>
public sealed class AgentToolCatalog(ToolHostSettings host, IProcessEnvironment? environment = null) : IAgentToolCatalog
{
    private readonly ToolHostSettings _host = host ?? throw new ArgumentNullException(nameof(host));
    private readonly IProcessEnvironment _environment = environment ?? ProcessEnvironment.Instance;
    private readonly IAgentTool[] _fileTools = [new ReadTool(host), new WriteTool(host), new EditTool(host), new LsTool(host)];

    /// <summary>
    /// The tools <paramref name="agentId"/> may use: profile, plus allow, minus deny, globally and then for the agent
    /// (deny always wins; groups <c>group:fs</c> and <c>group:runtime</c>; <c>*</c> wildcards), without <c>exec</c>
    /// when the host turned it off; in the order read, write, edit, ls, exec. An agent that is not configured gets
    /// the global policy.
    /// </summary>
    public IReadOnlyList<IAgentTool> For(OpenClawConfig config, string agentId)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(agentId);
        var agent = config.Agents.List.FirstOrDefault(a => string.Equals(a.Id, agentId, StringComparison.OrdinalIgnoreCase));
        var allowed = ToolPolicy.Allowed(config.Tools, agent?.Tools);
        if (!_host.ExecEnabled)
        {
            allowed.Remove("exec");
        }

        var tools = new List<IAgentTool>(allowed.Count);
        tools.AddRange(_fileTools.Where(tool => allowed.Contains(tool.Name)));
        if (allowed.Contains("exec"))
        {
            tools.Add(new ExecTool(config.Tools.ExecTimeoutSeconds, ExecEnvironment.For(config, _environment)));
        }

        return tools;
    }
}

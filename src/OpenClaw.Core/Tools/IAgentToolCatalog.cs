using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tools;

/// <summary>The built-in tools an agent may use under the tool policy (agent-runtime.md §5.5).</summary>
public interface IAgentToolCatalog
{
    IReadOnlyList<IAgentTool> For(OpenClawConfig config, string agentId);
}

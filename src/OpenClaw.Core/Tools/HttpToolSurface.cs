using System.Collections.Frozen;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tools;

/// <summary>Why a tool is not on the HTTP tool surface; every reason is the same 404 to the caller (http-api.md §8.4).</summary>
public enum ToolSurfaceExclusion
{
    None,

    /// <summary>No built-in tool has this name.</summary>
    UnknownTool,

    /// <summary>The agent's tool policy (profile, allow, deny, the host's exec switch) does not give it the tool.</summary>
    AgentPolicy,

    /// <summary>On the default HTTP deny list and not lifted by <c>gateway.tools.allow</c>.</summary>
    DefaultDeny,

    /// <summary>An owner-only tool and the caller is not the owner.</summary>
    OwnerOnly,

    /// <summary>Listed in <c>gateway.tools.deny</c>.</summary>
    GatewayDeny,
}

/// <summary>
/// The tools <c>POST /tools/invoke</c> may run (http-api.md §8.4): the agent's built-ins after its policy, minus the
/// default HTTP deny list (less <c>gateway.tools.allow</c>), minus owner-only tools for non-owners, minus
/// <c>gateway.tools.deny</c>. Deny wins.
/// </summary>
public static class HttpToolSurface
{
    /// <summary>
    /// The original's <c>DEFAULT_GATEWAY_HTTP_TOOL_DENY</c> (2026.9.2) plus our <c>write</c> and <c>edit</c>
    /// ([extension]: no file mutation or command execution over HTTP unless an operator lifts it).
    /// </summary>
    public static readonly FrozenSet<string> DefaultDeny = FrozenSet.Create(
        StringComparer.Ordinal,
        "exec", "spawn", "shell", "fs_write", "fs_delete", "fs_move", "apply_patch", "terminal", "portal", "sessions_spawn",
        "sessions_send", "conversations_list", "conversations_send", "conversations_turn", "automations", "gateway", "nodes",
        "computer", "mobile_ui", "openclaw", "write", "edit");

    /// <summary>Tools only the owner may invoke, even when <c>gateway.tools.allow</c> lifts them.</summary>
    public static readonly FrozenSet<string> OwnerOnly = FrozenSet.Create(
        StringComparer.Ordinal,
        "automations", "gateway", "sessions", "screen", "terminal", "portal", "conversations_list", "conversations_send",
        "conversations_turn", "nodes", "computer", "mobile_ui", "openclaw");

    /// <summary>
    /// The tool named exactly <paramref name="name"/> among <paramref name="agentTools"/> (the agent's tools after its
    /// policy), or null with the reason it is not on the surface.
    /// </summary>
    public static IAgentTool? Find(
        IReadOnlyList<IAgentTool> agentTools, string name, GatewayToolsConfig gateway, bool isOwner, out ToolSurfaceExclusion exclusion)
    {
        ArgumentNullException.ThrowIfNull(agentTools);
        var tool = agentTools.FirstOrDefault(t => t.Name == name);
        exclusion = Exclusion(name, tool is not null, gateway, isOwner);
        return exclusion == ToolSurfaceExclusion.None ? tool : null;
    }

    /// <summary>The first policy step that removes <paramref name="name"/> (names in <paramref name="gateway"/> are normalized).</summary>
    public static ToolSurfaceExclusion Exclusion(string name, bool agentHasTool, GatewayToolsConfig gateway, bool isOwner)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(gateway);
        if (!agentHasTool)
        {
            return ToolPolicy.BuiltInNames.Contains(name) ? ToolSurfaceExclusion.AgentPolicy : ToolSurfaceExclusion.UnknownTool;
        }

        if (DefaultDeny.Contains(name) && !gateway.Allow.Contains(name))
        {
            return ToolSurfaceExclusion.DefaultDeny;
        }

        if (!isOwner && OwnerOnly.Contains(name))
        {
            return ToolSurfaceExclusion.OwnerOnly;
        }

        return gateway.Deny.Contains(name) ? ToolSurfaceExclusion.GatewayDeny : ToolSurfaceExclusion.None;
    }
}

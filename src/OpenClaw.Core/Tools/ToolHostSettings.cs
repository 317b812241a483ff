namespace OpenClaw.Core.Tools;

/// <summary>Host switches for the built-in tools (<c>OpenClaw:Tools:*</c> in appsettings).</summary>
public sealed record ToolHostSettings
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "OpenClaw:Tools";

    /// <summary>Kill switch: when false no agent gets <c>exec</c>, whatever the tool policy says.</summary>
    public bool ExecEnabled { get; set; } = true;

    /// <summary>Confine the file tools to the agent's workspace (absolute paths, <c>..</c> and symlinks included).</summary>
    public bool FsWorkspaceOnly { get; set; } = true;
}

namespace OpenClaw.Core.Prompt;

/// <summary>The workspace files injected into the system prompt, in prompt order, and their seed templates.</summary>
internal static class BootstrapFiles
{
    public static readonly string[] PromptOrder =
        ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md", "MEMORY.md"];

    /// <summary>Our own short templates (agent-runtime.md §4.1 DECISION); BOOTSTRAP.md only for a brand-new workspace.</summary>
    public static readonly (string Name, string Content)[] Templates =
    [
        ("AGENTS.md", "# AGENTS.md\n\nThis folder is your workspace. Read SOUL.md and USER.md to know who you are and whom you help.\nKeep notes you want to remember in MEMORY.md.\n"),
        ("SOUL.md", "# SOUL.md\n\nBe genuinely helpful, concise and honest. Say when you are unsure.\n"),
        ("TOOLS.md", "# TOOLS.md\n\nNotes about local tools and conventions go here.\n"),
        ("IDENTITY.md", "# IDENTITY.md\n\nName: (unset)\n"),
        ("USER.md", "# USER.md\n\nWhat you know about the person you help goes here.\n"),
        ("HEARTBEAT.md", ""),
        ("BOOTSTRAP.md", "# BOOTSTRAP.md\n\nThis workspace is new. Introduce yourself briefly, then delete this file once you have settled in.\n"),
    ];
}

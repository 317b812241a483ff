using OpenClaw.Core.Prompt;

namespace OpenClaw.Core.Tests.Prompt;

/// <summary>Pins the composed system prompt (agent-runtime.md §4.2): section order and the verbatim fixed lines.</summary>
public class SystemPromptBuilderTests
{
    private static readonly SystemPromptContext Context = new()
    {
        AgentId = "main",
        SessionKey = "agent:main:main",
        Channel = "webchat",
        WorkspaceDir = "/srv/ws",
        ModelIdentity = "mock/mock-model",
        Now = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero),
        TimeZone = TimeZoneInfo.Utc,
        Tools = [("read", "Read a file"), ("get_weather", "Weather for a city")],
        BootstrapFiles = [("/srv/ws/AGENTS.md", "# Agents\nBe helpful.\n"), ("/srv/ws/SOUL.md", "Calm.")],
        ExtraSystemPrompt = "Be brief.",
    };

    [Fact]
    public void Build_FullContext_IsTheSpecsSectionsInOrder()
    {
        var prompt = SystemPromptBuilder.Build(Context);

        var runtimeAt = prompt.IndexOf("Runtime: agent=", StringComparison.Ordinal);
        prompt[..runtimeAt].Should().Be("""
            You are a personal assistant running inside OpenClaw.
            ## Tooling
            Tools policy-filtered. Names case-sensitive; call exact.
            - read: Read a file
            - get_weather: Weather for a city
            ## Safety
            Do not run destructive commands or change files outside the request unless the user clearly asks.
            Never reveal secrets, credentials or private data from the workspace or the environment.
            ## Workspace
            Working directory: /srv/ws
            ## Temporal Context
            Current date: 2026-11-22
            Time zone: UTC
            ## Workspace Files (injected)
            # Project Context
            ## /srv/ws/AGENTS.md
            # Agents
            Be helpful.
            ## /srv/ws/SOUL.md
            Calm.
            ## Silent Replies
            Nothing to say: entire reply exactly NO_REPLY
            ## Conversation Context
            Be brief.
            ## Runtime
            Current model identity: mock/mock-model. If asked what model you are, answer with this value for the current run.

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        prompt[runtimeAt..].Should().StartWith("Runtime: agent=main | session=agent:main:main | channel=webchat | host=").And.Contain(" | os=");
    }

    [Fact]
    public void Build_NoFilesNoExtraPrompt_LeavesThoseSectionsOut()
    {
        var prompt = SystemPromptBuilder.Build(Context with { BootstrapFiles = [], ExtraSystemPrompt = null, Tools = [] });

        prompt.Should().NotContain("## Workspace Files").And.NotContain("## Conversation Context");
        prompt.Should().Contain("## Tooling\nTools policy-filtered. Names case-sensitive; call exact.\n(no tools are available in this run)\n## Safety");
    }

    [Fact]
    public void Build_DateIsInTheConfiguredZone_NotUtc()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        var prompt = SystemPromptBuilder.Build(Context with { TimeZone = tokyo });

        prompt.Should().Contain("Current date: 2026-11-23\nTime zone: Asia/Tokyo\n");
    }
}

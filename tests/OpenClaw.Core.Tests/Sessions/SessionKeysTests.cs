using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Sessions;

public class SessionKeysTests
{
    [Theory]
    [InlineData(null, "agent:main:main")]
    [InlineData("", "agent:main:main")]
    [InlineData("   ", "agent:main:main")]
    [InlineData("main", "agent:main:main")]
    [InlineData(" MAIN ", "agent:main:main")]
    [InlineData("agent:main:main", "agent:main:main")]
    [InlineData("agent:beta:custom", "agent:beta:custom")]
    [InlineData("Agent:Beta:Custom", "agent:beta:custom")]
    [InlineData("agent:main:openai-user:Alice", "agent:main:openai-user:alice")]
    [InlineData("my-session-1", "agent:main:my-session-1")]
    [InlineData("  My-Session-1 ", "agent:main:my-session-1")]
    [InlineData("global", "agent:main:global")]
    [InlineData("openai:1234", "agent:main:openai:1234")]
    public void Canonicalize_PerSenderScope_FollowsTheKeyTable(string? raw, string expected)
    {
        // Act
        var key = SessionKeys.Canonicalize(raw, "main");

        // Assert
        key.Should().Be(expected);
    }

    [Theory]
    [InlineData("global", "global")]
    [InlineData(" GLOBAL ", "global")]
    [InlineData("other", "agent:main:other")]
    public void Canonicalize_GlobalScope_KeepsGlobal(string raw, string expected)
    {
        // Act
        var key = SessionKeys.Canonicalize(raw, "main", globalScope: true);

        // Assert
        key.Should().Be(expected);
    }

    [Theory]
    [InlineData(null, "agent:beta:home")]
    [InlineData("home", "agent:beta:home")]
    [InlineData("main", "agent:beta:home")]
    [InlineData("k", "agent:beta:k")]
    public void Canonicalize_CustomMainKeyAndAgent_UsesThem(string? raw, string expected)
    {
        // Act
        var key = SessionKeys.Canonicalize(raw, "beta", mainKey: "home");

        // Assert
        key.Should().Be(expected);
    }

    [Theory]
    [InlineData("agent:beta:custom", true, "beta")]
    [InlineData("AGENT:Beta:x:y", true, "beta")]
    [InlineData("agent:main:openai:abc", true, "main")]
    [InlineData("agent::x", false, "")]
    [InlineData("agent:beta:", false, "")]
    [InlineData("agent:beta", false, "")]
    [InlineData("global", false, "")]
    [InlineData("my-session", false, "")]
    public void TryGetAgentId_ReadsSecondSegmentOfAgentScopedKeys(string key, bool expected, string agentId)
    {
        // Act
        var found = SessionKeys.TryGetAgentId(key, out var id);

        // Assert
        found.Should().Be(expected);
        id.Should().Be(agentId);
    }

    [Theory]
    [InlineData("subagent:x")]
    [InlineData("SUBAGENT:x")]
    [InlineData("cron:nightly")]
    [InlineData("Cron:nightly")]
    [InlineData("acp:session")]
    [InlineData("agent:main:subagent:task-1")]
    [InlineData("agent:main:cron:job")]
    [InlineData("agent:beta:acp:z")]
    [InlineData("agent:main:harness:h1")]
    [InlineData("AGENT:MAIN:HARNESS:H1")]
    public void IsReserved_InternalNamespaces_AreReserved(string key)
    {
        // Act
        var reserved = SessionKeys.IsReserved(key);

        // Assert
        reserved.Should().BeTrue();
    }

    [Theory]
    [InlineData("agent:main:main")]
    [InlineData("agent:main:subagents:x")]
    [InlineData("agent:main:cron")]
    [InlineData("agent:main:my-cron:x")]
    [InlineData("my-session")]
    [InlineData("global")]
    [InlineData("crontab:x")]
    [InlineData("agent:subagent:x")]
    public void IsReserved_OrdinaryKeys_AreNotReserved(string key)
    {
        // Act
        var reserved = SessionKeys.IsReserved(key);

        // Assert
        reserved.Should().BeFalse();
    }

    [Theory]
    [InlineData("global", "global")]
    [InlineData("agent:main:telegram:group:123", "group")]
    [InlineData("agent:main:discord:channel:42", "group")]
    [InlineData("agent:main:slack:thread:9", "thread")]
    [InlineData("agent:main:telegram:topic:7", "thread")]
    [InlineData("agent:main:main", "direct")]
    [InlineData("agent:main:openai-user:alice", "direct")]
    public void KindOf_ClassifiesByKeyShape(string key, string kind)
    {
        // Act
        var actual = SessionKeys.KindOf(key);

        // Assert
        actual.Should().Be(kind);
    }

    [Fact]
    public void MainKey_BuildsAgentScopedKey()
    {
        // Act
        var key = SessionKeys.MainKey("beta", "home");

        // Assert
        key.Should().Be("agent:beta:home");
    }

    [Theory]
    [InlineData(" Work ", "beta", "agent:beta:work")]
    [InlineData("main", "beta", "agent:beta:main")]
    [InlineData("global", "beta", "agent:beta:global")]
    [InlineData("AGENT:Ops:X", "beta", "agent:ops:x")]
    public void Scope_KeepsAgentScopedKeys_AndScopesEveryOtherKeyLiterally(string raw, string agentId, string expected)
    {
        // Act
        var key = SessionKeys.Scope(raw, agentId);

        // Assert
        key.Should().Be(expected);
    }

    [Theory]
    [InlineData("agent:main:main", "main", true)]
    [InlineData("agent:ops:home", "home", true)]
    [InlineData("agent:ops:main", "home", false)]
    [InlineData("agent:ops:main:x", "main", false)]
    [InlineData("global", "main", false)]
    public void IsMainKey_IsTheAgentsMainSessionOnly(string key, string mainKey, bool expected)
    {
        // Act
        var isMain = SessionKeys.IsMainKey(key, mainKey);

        // Assert
        isMain.Should().Be(expected);
    }

    [Theory]
    [InlineData("agent:main:harness:codex:1", true)]
    [InlineData("agent:ops:harness:x", true)]
    [InlineData("agent:main:harnessx", false)]
    [InlineData("agent:main:cron:x", false)]
    [InlineData("harness:x", false)]
    public void IsHarnessKey_IsTheAgentScopedHarnessNamespace(string key, bool expected)
    {
        // Act
        var isHarness = SessionKeys.IsHarnessKey(key);

        // Assert
        isHarness.Should().Be(expected);
    }
}

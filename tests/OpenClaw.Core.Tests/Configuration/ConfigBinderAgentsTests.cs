using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Configuration;

public class ConfigBinderAgentsTests
{
    [Fact]
    public void Bind_AgentsList_BindsAgentsInOrderWithLowerCasedIds()
    {
        // Act
        var config = TestConfig.Bind("{ agents: { list: [ { id: 'Main', name: 'Main', default: true, workspace: '/w/main' }, { id: ' Beta_2 ' } ] } }");

        // Assert
        config.Agents.List.Select(a => a.Id).Should().Equal("main", "beta_2");
        config.Agents.List[0].Name.Should().Be("Main");
        config.Agents.List[0].Default.Should().BeTrue();
        config.Agents.List[0].Workspace.Should().Be("/w/main");
        config.Agents.List[1].Default.Should().BeFalse();
    }

    [Fact]
    public void Bind_AgentsEntries_BindsKeysAsLowerCasedIdsInConfigOrder()
    {
        // Act
        var config = TestConfig.Bind("{ agents: { entries: { Main: { name: 'Main' }, beta: { name: 'Beta' } } } }");

        // Assert
        config.Agents.List.Select(a => (a.Id, a.Name)).Should().Equal(("main", "Main"), ("beta", "Beta"));
    }

    [Fact]
    public void Bind_EntriesWithRetiredDefaultMarker_DropsTheMarker()
    {
        // Act
        var config = TestConfig.Bind("{ agents: { entries: { main: {}, beta: { default: true } } } }");

        // Assert
        config.Warnings.Should().BeEmpty();
        config.Agents.List.Should().OnlyContain(a => !a.Default);
    }

    [Fact]
    public void Bind_ListAndEntriesBothPresent_Fails()
    {
        // Act
        var message = TestConfig.BindError("{ agents: { list: [ { id: 'main' } ], entries: { beta: {} } } }");

        // Assert
        message.Should().Contain("agents.entries: agents.list and agents.entries cannot both be present");
    }

    [Theory]
    [InlineData("{ agents: { list: [ { id: 'bad id' } ] } }", "agents.list[0]: invalid agent id 'bad id'")]
    [InlineData("{ agents: { list: [ { id: '-lead' } ] } }", "agents.list[0]: invalid agent id '-lead'")]
    [InlineData("{ agents: { list: [ { id: '' } ] } }", "agents.list[0]: invalid agent id ''")]
    [InlineData("{ agents: { entries: { 'a.b': {} } } }", "agents.entries.a.b: invalid agent id 'a.b'")]
    public void Bind_InvalidAgentId_Fails(string text, string expected)
    {
        // Act
        var message = TestConfig.BindError(text);

        // Assert
        message.Should().Contain(expected);
    }

    [Fact]
    public void Bind_AgentIdOf64Characters_IsAcceptedAnd65IsRejected()
    {
        // Arrange
        var ok = new string('a', 64);
        var tooLong = new string('a', 65);

        // Act
        var config = TestConfig.Bind($"{{ agents: {{ list: [ {{ id: '{ok}' }} ] }} }}");
        var message = TestConfig.BindError($"{{ agents: {{ list: [ {{ id: '{tooLong}' }} ] }} }}");

        // Assert
        config.Agents.List.Single().Id.Should().Be(ok);
        message.Should().Contain("invalid agent id");
    }

    [Fact]
    public void Bind_ListWithoutId_Fails()
    {
        // Act
        var message = TestConfig.BindError("{ agents: { list: [ { name: 'x' } ] } }");

        // Assert
        message.Should().Be("invalid config: agents.list[0].id: required");
    }

    [Fact]
    public void Bind_DuplicateIdsInList_FailsAfterLowerCasing()
    {
        // Act
        var message = TestConfig.BindError("{ agents: { list: [ { id: 'main' }, { id: 'MAIN' } ] } }");

        // Assert
        message.Should().Be("invalid config: agents.list: duplicate agent id 'main'");
    }

    [Fact]
    public void Bind_DuplicateIdsInEntries_FailsNamingEntries()
    {
        // Act
        var message = TestConfig.BindError("{ agents: { entries: { Main: {}, main: {} } } }");

        // Assert
        message.Should().Be("invalid config: agents.entries: duplicate agent id 'main'");
    }

    [Fact]
    public void Bind_EntryWithMismatchingIdField_Fails()
    {
        // Act
        var message = TestConfig.BindError("{ agents: { entries: { main: { id: 'beta' } } } }");

        // Assert
        message.Should().Contain("agents.entries.main.id: does not match the entry key 'main'");
    }

    [Fact]
    public void Bind_ModelAsString_ReplacesPrimaryOnlyAndInheritsFallbacks()
    {
        // Act
        var config = TestConfig.Bind("{ agents: { defaults: { model: 'mock/a' }, list: [ { id: 'main', model: 'openai/gpt-4.1' } ] } }");

        // Assert
        config.Agents.Defaults.Model.Should().Be(new ModelSelection("mock/a", null));
        config.Agents.List[0].Model.Should().Be(new ModelSelection("openai/gpt-4.1", null));
    }

    [Fact]
    public void Bind_ModelAsObject_BindsPrimaryAndFallbacks()
    {
        // Act
        var config = TestConfig.Bind(
            "{ agents: { defaults: { model: { primary: 'mock/a', fallbacks: ['mock/b', 'mock/c'] } }, list: [ { id: 'main', model: { primary: 'mock/x', fallbacks: [] } } ] } }");

        // Assert
        config.Agents.Defaults.Model!.Primary.Should().Be("mock/a");
        config.Agents.Defaults.Model.Fallbacks.Should().Equal("mock/b", "mock/c");
        config.Agents.List[0].Model!.Primary.Should().Be("mock/x");
        config.Agents.List[0].Model!.Fallbacks.Should().NotBeNull().And.BeEmpty("fallbacks: [] disables the defaults' fallbacks");
    }

    [Fact]
    public void Bind_AgentDefaults_BindsValuesAndLowerCasesSystemAgent()
    {
        // Act
        var config = TestConfig.Bind("""
            { agents: { defaults: {
                workspace: '~/ws', timeoutSeconds: 30, maxConcurrent: 1, contextTokens: 1000, thinkingDefault: 'high',
                verboseDefault: 'on', bootstrapMaxChars: 10, bootstrapTotalMaxChars: 20, skipBootstrap: true,
                userTimezone: 'Europe/Berlin', systemAgent: { agentId: 'Beta' },
                models: { 'anthropic/claude-sonnet-4-5': { alias: 'sonnet', params: { temperature: 0.2 } } },
                heartbeat: { every: '0m' } },
              entries: { main: {}, beta: {} } } }
            """);

        // Assert
        var d = config.Agents.Defaults;
        (d.Workspace, d.TimeoutSeconds, d.MaxConcurrent, d.ContextTokens).Should().Be(("~/ws", 30, 1, 1000));
        (d.ThinkingDefault, d.VerboseDefault, d.SkipBootstrap, d.UserTimezone).Should().Be(("high", "on", true, "Europe/Berlin"));
        (d.BootstrapMaxChars, d.BootstrapTotalMaxChars).Should().Be((10, 20));
        d.SystemAgentId.Should().Be("beta");
        d.Models["anthropic/claude-sonnet-4-5"].Alias.Should().Be("sonnet");
        d.Models["anthropic/claude-sonnet-4-5"].Params!["temperature"]!.GetValue<double>().Should().Be(0.2);
    }

    [Fact]
    public void Bind_SystemAgentThatIsNotConfigured_Fails()
    {
        // Act
        var message = TestConfig.BindError("{ agents: { defaults: { systemAgent: { agentId: 'ghost' } }, entries: { main: {} } } }");

        // Assert
        message.Should().Be("invalid config: agents.defaults.systemAgent.agentId: unknown agent 'ghost'");
    }

    [Fact]
    public void Bind_AgentToolsPolicy_IsBound()
    {
        // Act
        var config = TestConfig.Bind("{ agents: { list: [ { id: 'main', tools: { profile: 'minimal', allow: ['read'], deny: ['exec'] } } ] } }");

        // Assert
        config.Agents.List[0].Tools.Should().BeEquivalentTo(new ToolPolicyConfig { Profile = "minimal", Allow = ["read"], Deny = ["exec"] });
    }

    [Fact]
    public void Bind_CompactionReserves_AreBound_AndTheOtherCompactionKeysWarnThatTheyHaveNoEffect()
    {
        // Act
        var config = TestConfig.Bind("{ agents: { defaults: { compaction: { mode: 'safeguard', reserveTokens: 16384, reserveTokensFloor: 20000, keepRecentTokens: 8000, shiny: 1 } } } }");

        // Assert
        config.Agents.Defaults.Compaction.Should().Be(new CompactionConfig { ReserveTokens = 16_384, ReserveTokensFloor = 20_000 });
        config.Warnings.Should().BeEquivalentTo(
            "agents.defaults.compaction.shiny is not supported by this gateway and is ignored",
            "agents.defaults.compaction.mode is accepted but has no effect in this gateway",
            "agents.defaults.compaction.keepRecentTokens is accepted but has no effect in this gateway");
    }

    [Fact]
    public void Bind_NoCompaction_LeavesTheReservesUnset()
    {
        // Act
        var config = TestConfig.Bind("{ agents: { defaults: {} } }");

        // Assert
        config.Agents.Defaults.Compaction.Should().Be(new CompactionConfig());
        config.Warnings.Should().BeEmpty();
    }

    [Theory]
    [InlineData("{ agents: { defaults: { compaction: { reserveTokens: -1 } } } }", "agents.defaults.compaction.reserveTokens: expected an integer between 0 and")]
    [InlineData("{ agents: { defaults: { compaction: { reserveTokensFloor: 'big' } } } }", "agents.defaults.compaction.reserveTokensFloor: expected integer")]
    [InlineData("{ agents: { defaults: { compaction: 5 } } }", "agents.defaults.compaction: expected object")]
    public void Bind_InvalidCompactionReserve_Fails(string text, string expected)
    {
        // Act
        var message = TestConfig.BindError(text);

        // Assert
        message.Should().Contain(expected);
    }
}

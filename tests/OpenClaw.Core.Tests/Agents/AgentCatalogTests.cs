using OpenClaw.Core.Agents;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Agents;

public class AgentCatalogTests
{
    private const string StateDir = "/var/lib/openclaw-state";

    [Fact]
    public void Constructor_NoAgentsConfigured_HasOneImplicitMainAgent()
    {
        // Act
        var catalog = Catalog("{}");

        // Assert
        catalog.Agents.Select(a => a.Id).Should().Equal("main");
        catalog.ConfiguredCount.Should().Be(0);
        catalog.DefaultAgentId.Should().Be("main");
        catalog.Contains("main").Should().BeTrue();
        catalog.Find("beta").Should().BeNull();
    }

    [Fact]
    public void DefaultAgentId_SystemAgentSet_WinsOverDefaultMarkerAndMain()
    {
        // Act
        var catalog = Catalog("{ agents: { defaults: { systemAgent: { agentId: 'gamma' } }, list: [ { id: 'main' }, { id: 'beta', default: true }, { id: 'gamma' } ] } }");

        // Assert
        catalog.DefaultAgentId.Should().Be("gamma");
    }

    [Fact]
    public void DefaultAgentId_FirstListEntryMarkedDefault_WinsOverMain()
    {
        // Act
        var catalog = Catalog("{ agents: { list: [ { id: 'main' }, { id: 'beta', default: true }, { id: 'gamma', default: true } ] } }");

        // Assert
        catalog.DefaultAgentId.Should().Be("beta");
    }

    [Fact]
    public void DefaultAgentId_NoMarker_IsMainWhenConfiguredEvenIfNotFirst()
    {
        // Act
        var catalog = Catalog("{ agents: { list: [ { id: 'alpha' }, { id: 'main' } ] } }");

        // Assert
        catalog.DefaultAgentId.Should().Be("main");
    }

    [Fact]
    public void DefaultAgentId_NoMarkerAndNoMain_IsFirstConfiguredAgent()
    {
        // Act
        var catalog = Catalog("{ agents: { entries: { zeta: {}, alpha: {} } } }");

        // Assert
        catalog.DefaultAgentId.Should().Be("zeta");
        catalog.ConfiguredCount.Should().Be(2);
    }

    [Fact]
    public void DefaultAgentId_RetiredDefaultMarkerInEntries_IsIgnored()
    {
        // Act
        var catalog = Catalog("{ agents: { entries: { main: {}, beta: { default: true } } } }");

        // Assert
        catalog.DefaultAgentId.Should().Be("main");
    }

    [Fact]
    public void DefaultAgentId_ReferenceRosterWithSystemAgentMain_IsMain()
    {
        // Act
        var catalog = Catalog("{ agents: { defaults: { systemAgent: { agentId: 'main' } }, entries: { main: {}, beta: {} } } }");

        // Assert
        catalog.DefaultAgentId.Should().Be("main");
    }

    [Fact]
    public void WorkspaceFor_AgentWithExplicitWorkspace_UsesIt()
    {
        // Act
        var catalog = Catalog("{ agents: { defaults: { workspace: '/shared' }, list: [ { id: 'main', workspace: '/srv/ws-main' }, { id: 'beta' } ] } }");

        // Assert
        catalog.WorkspaceFor("main").Should().Be("/srv/ws-main");
    }

    [Fact]
    public void WorkspaceFor_SingleAgentWithDefaultsWorkspace_UsesDefaults()
    {
        // Act
        var catalog = Catalog("{ agents: { defaults: { workspace: '/shared/ws' }, entries: { main: {} } } }");

        // Assert
        catalog.WorkspaceFor("main").Should().Be("/shared/ws");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ agents: { entries: { solo: {} } } }")]
    public void WorkspaceFor_SingleAgentWithoutWorkspace_UsesStateDirWorkspace(string text)
    {
        // Arrange
        var catalog = Catalog(text);

        // Act
        var workspace = catalog.WorkspaceFor(catalog.DefaultAgentId);

        // Assert
        workspace.Should().Be(StateDir + "/workspace");
    }

    [Fact]
    public void WorkspaceFor_SeveralAgents_UsesPerAgentDirectoryEvenWithDefaultsWorkspace()
    {
        // Act
        var catalog = Catalog("{ agents: { defaults: { workspace: '/shared/ws' }, entries: { main: {}, beta: {} } } }");

        // Assert
        catalog.WorkspaceFor("main").Should().Be(StateDir + "/workspace-main");
        catalog.WorkspaceFor("beta").Should().Be(StateDir + "/workspace-beta");
    }

    [Fact]
    public void WorkspaceFor_TildePath_ExpandsToHome()
    {
        // Act
        var catalog = Catalog("{ agents: { list: [ { id: 'main', workspace: '~/oc-ws' } ] } }");

        // Assert
        catalog.WorkspaceFor("main").Should().Be(Path.Combine(OpenClawPaths.ExpandHome("~"), "oc-ws"));
        catalog.WorkspaceFor("main").Should().NotContain("~");
    }

    [Theory]
    [InlineData(" Beta ", true, "beta")]
    [InlineData("main", true, "main")]
    [InlineData("ghost", false, "ghost")]
    [InlineData("Bad Id!", false, "bad id!")]
    public void IsConfigured_TrimsAndLowerCases_AndGivesThatFormEitherWay(string raw, bool expected, string normalized)
    {
        // Arrange
        var catalog = Catalog("{ agents: { list: [ { id: 'main' }, { id: 'beta' } ] } }");

        // Act
        var configured = catalog.IsConfigured(raw, out var agentId);

        // Assert
        configured.Should().Be(expected);
        agentId.Should().Be(normalized);
    }

    private static AgentCatalog Catalog(string json5) => new(TestConfig.Bind(json5).Agents, StateDir);
}

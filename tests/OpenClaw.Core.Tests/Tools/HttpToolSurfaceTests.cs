using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

/// <summary>The HTTP tool surface of <c>POST /tools/invoke</c> (http-api.md §8.4).</summary>
public sealed class HttpToolSurfaceTests
{
    private static readonly AgentToolCatalog Catalog = new(new ToolHostSettings());

    [Theory]
    [InlineData("read", ToolSurfaceExclusion.None)]
    [InlineData("ls", ToolSurfaceExclusion.None)]
    [InlineData("write", ToolSurfaceExclusion.DefaultDeny)]
    [InlineData("edit", ToolSurfaceExclusion.DefaultDeny)]
    [InlineData("exec", ToolSurfaceExclusion.DefaultDeny)]
    [InlineData("sessions_spawn", ToolSurfaceExclusion.UnknownTool)]
    [InlineData("READ", ToolSurfaceExclusion.UnknownTool)]
    public void Find_FullProfileByDefault_OffersOnlyReadAndLs(string name, ToolSurfaceExclusion expected)
    {
        // Arrange: the full profile gives the agent every built-in, so only the HTTP steps remove any
        var config = TestConfig.Bind("{ tools: { profile: 'full' } }");

        // Act
        var tool = HttpToolSurface.Find(Catalog.For(config, "main"), name, config.Gateway.Tools, isOwner: true, out var exclusion);

        // Assert
        exclusion.Should().Be(expected);
        (tool?.Name).Should().Be(expected == ToolSurfaceExclusion.None ? name : null);
    }

    [Fact]
    public void Find_GatewayAllow_LiftsTheDefaultDeny_AndGatewayDenyWins()
    {
        // Arrange
        var config = TestConfig.Bind("{ tools: { profile: 'full' }, gateway: { tools: { allow: ['bash', 'write', 'edit'], deny: ['edit', 'LS'] } } }");
        var tools = Catalog.For(config, "main");

        // Act
        var exec = HttpToolSurface.Find(tools, "exec", config.Gateway.Tools, isOwner: false, out var execExclusion);
        var write = HttpToolSurface.Find(tools, "write", config.Gateway.Tools, isOwner: false, out _);
        HttpToolSurface.Find(tools, "edit", config.Gateway.Tools, isOwner: false, out var editExclusion);
        HttpToolSurface.Find(tools, "ls", config.Gateway.Tools, isOwner: false, out var lsExclusion);

        // Assert
        (exec?.Name, execExclusion).Should().Be(("exec", ToolSurfaceExclusion.None), "bash is exec's alias");
        write?.Name.Should().Be("write");
        editExclusion.Should().Be(ToolSurfaceExclusion.GatewayDeny);
        lsExclusion.Should().Be(ToolSurfaceExclusion.GatewayDeny);
    }

    [Fact]
    public void Find_AgentPolicy_RemovesTheToolFirst()
    {
        // Arrange: the agent's deny beats gateway.tools.allow
        var config = TestConfig.Bind("{ agents: { list: [ { id: 'main', tools: { deny: ['read'] } } ] }, gateway: { tools: { allow: ['read'] } } }");

        // Act
        var tool = HttpToolSurface.Find(Catalog.For(config, "main"), "read", config.Gateway.Tools, isOwner: true, out var exclusion);

        // Assert
        tool.Should().BeNull();
        exclusion.Should().Be(ToolSurfaceExclusion.AgentPolicy);
    }

    [Theory]
    [InlineData(false, ToolSurfaceExclusion.OwnerOnly)]
    [InlineData(true, ToolSurfaceExclusion.None)]
    public void Exclusion_OwnerOnlyTool_IsForOwnersOnly_EvenWhenAllowed(bool isOwner, ToolSurfaceExclusion expected)
    {
        // Arrange: none of our built-ins is owner-only, so the step is checked on the original's `gateway` tool
        var gateway = new GatewayToolsConfig { Allow = ["gateway"] };

        // Act
        var exclusion = HttpToolSurface.Exclusion("gateway", agentHasTool: true, gateway, isOwner);

        // Assert
        exclusion.Should().Be(expected);
    }

    [Fact]
    public void Exclusion_OwnerOnlyAndDenied_IsDeniedForTheOwnerToo()
    {
        // Act
        var exclusion = HttpToolSurface.Exclusion("gateway", agentHasTool: true, new GatewayToolsConfig { Allow = ["gateway"], Deny = ["gateway"] }, isOwner: true);

        // Assert
        exclusion.Should().Be(ToolSurfaceExclusion.GatewayDeny);
    }
}

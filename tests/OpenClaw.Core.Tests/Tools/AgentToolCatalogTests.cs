using System.Text.Json;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Tools;

public sealed class AgentToolCatalogTests
{
    private static readonly AgentToolCatalog Catalog = new(new ToolHostSettings());

    private static IEnumerable<string> Names(string configJson5, string agentId = "main", AgentToolCatalog? catalog = null) =>
        (catalog ?? Catalog).For(TestConfig.Bind(configJson5), agentId).Select(tool => tool.Name);

    [Theory]
    [InlineData("{}", "read write edit ls")]
    [InlineData("{ tools: { profile: 'coding' } }", "read write edit ls")]
    [InlineData("{ tools: { profile: 'minimal' } }", "")]
    [InlineData("{ tools: { profile: 'messaging' } }", "")]
    [InlineData("{ tools: { profile: 'full' } }", "read write edit ls exec")]
    [InlineData("{ tools: { allow: ['exec'] } }", "read write edit ls exec")]
    [InlineData("{ tools: { allow: ['group:runtime'] } }", "read write edit ls exec")]
    [InlineData("{ tools: { alsoAllow: ['exec'] } }", "read write edit ls exec")]
    [InlineData("{ tools: { allow: ['bash'] } }", "read write edit ls exec")]
    [InlineData("{ tools: { allow: [' EXEC '] } }", "read write edit ls exec")]
    [InlineData("{ tools: { allow: ['browser', 'group:web'] } }", "read write edit ls")]
    [InlineData("{ tools: { profile: 'minimal', allow: ['read', 'ls'] } }", "read ls")]
    [InlineData("{ tools: { profile: 'minimal', allow: ['*'] } }", "read write edit ls exec")]
    [InlineData("{ tools: { profile: 'minimal', allow: ['e*'] } }", "edit exec")]
    [InlineData("{ tools: { profile: 'minimal', allow: ['*e*'] } }", "read write edit exec")]
    [InlineData("{ tools: { profile: 'minimal', allow: ['r?ad', 'l'] } }", "")]
    [InlineData("{ tools: { deny: ['group:fs'] } }", "")]
    [InlineData("{ tools: { deny: ['w*'] } }", "read edit ls")]
    [InlineData("{ tools: { profile: 'full', deny: ['exec'] } }", "read write edit ls")]
    [InlineData("{ tools: { allow: ['*'], deny: ['e*'] } }", "read write ls")]
    [InlineData("{ tools: { allow: ['exec'], deny: ['exec'] } }", "read write edit ls")]
    [InlineData("{ tools: { deny: ['*'] } }", "")]
    public void For_GlobalPolicy(string config, string expected)
    {
        Names(config).Should().Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("{ tools: { profile: 'minimal' }, agents: { list: [ { id: 'main', tools: { allow: ['read'] } } ] } }", "read")]
    [InlineData("{ agents: { list: [ { id: 'main', tools: { profile: 'full' } } ] } }", "read write edit ls exec")]
    [InlineData("{ agents: { list: [ { id: 'main', tools: { profile: 'minimal' } } ] } }", "")]
    [InlineData("{ tools: { allow: ['exec'] }, agents: { list: [ { id: 'main', tools: { profile: 'minimal' } } ] } }", "")]
    [InlineData("{ tools: { allow: ['exec'] }, agents: { list: [ { id: 'main', tools: { deny: ['read'] } } ] } }", "write edit ls exec")]
    [InlineData("{ agents: { list: [ { id: 'main', tools: { allow: ['group:runtime'], deny: ['group:fs'] } } ] } }", "exec")]
    [InlineData("{ tools: { deny: ['exec'] }, agents: { list: [ { id: 'main', tools: { allow: ['exec'] } } ] } }", "read write edit ls")]
    [InlineData("{ tools: { deny: ['exec'] }, agents: { list: [ { id: 'main', tools: { profile: 'full' } } ] } }", "read write edit ls")]
    [InlineData("{ tools: { deny: ['w*'] }, agents: { list: [ { id: 'main', tools: { allow: ['*'] } } ] } }", "read edit ls exec")]
    [InlineData("{ agents: { entries: { main: { tools: { profile: 'messaging', allow: ['ls'] } } } } }", "ls")]
    public void For_AgentPolicyAfterTheGlobalOne_DenyAlwaysWins(string config, string expected)
    {
        Names(config).Should().Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void For_EachAgentGetsItsOwnPolicy_OthersTheGlobalOne()
    {
        // Arrange
        const string Config = "{ tools: { profile: 'minimal' }, agents: { list: [ { id: 'main', tools: { profile: 'full' } }, { id: 'beta' } ] } }";

        // Act + Assert
        Names(Config, "main").Should().Equal("read", "write", "edit", "ls", "exec");
        Names(Config, "MAIN").Should().Equal("read", "write", "edit", "ls", "exec");
        Names(Config, "beta").Should().BeEmpty();
        Names(Config, "not-configured").Should().BeEmpty();
    }

    [Theory]
    [InlineData("{ tools: { profile: 'full' } }")]
    [InlineData("{ tools: { allow: ['exec'] }, agents: { list: [ { id: 'main', tools: { allow: ['group:runtime'] } } ] } }")]
    public void For_ExecKillSwitch_RemovesExecWhateverThePolicy(string config)
    {
        var catalog = new AgentToolCatalog(new ToolHostSettings { ExecEnabled = false });

        Names(config, catalog: catalog).Should().Equal("read", "write", "edit", "ls");
    }

    [Fact]
    public async Task For_ExecUsesTheConfiguredTimeout()
    {
        // Arrange
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var ws = new ToolWorkspace();
        var exec = Catalog.For(TestConfig.Bind("{ tools: { allow: ['exec'], exec: { timeoutSeconds: 1 } } }"), "main").Single(t => t.Name == "exec");

        // Act
        var result = await ws.RunAsync(exec, """{"command":"sleep 20"}""");

        // Assert
        result.Should().Be(new ToolResult("[timed out after 1s]", IsError: true));
    }

    [UnixFact]
    public async Task For_ExecGetsThePassEnvVariables_ButNotOneHoldingAProviderKey()
    {
        // Arrange: three variables of the real process; the config lists two, one of which holds the provider's key.
        using var variables = new ProcessVariables();
        var listed = ProcessVariables.UniqueName("OPENCLAW_TEST_LISTED");
        var keyCopy = ProcessVariables.UniqueName("OPENCLAW_TEST_KEYCOPY");
        var unlisted = ProcessVariables.UniqueName("OPENCLAW_TEST_UNLISTED");
        variables.Set(listed, "listed-value");
        variables.Set(keyCopy, "sk-catalog-test-0123456789");
        variables.Set(unlisted, "unlisted-value");
        var config = TestConfig.Bind($$"""
            {
              models: { providers: { mock: { baseUrl: 'http://127.0.0.1:9', apiKey: 'sk-catalog-test-0123456789', models: [] } } },
              tools: { allow: ['exec'], exec: { passEnv: ['{{listed}}', '{{keyCopy}}'] } },
            }
            """);
        using var ws = new ToolWorkspace();
        var exec = Catalog.For(config, "main").Single(t => t.Name == "exec");

        // Act
        var result = await ws.RunAsync(exec, Args.Of(("command", "env")));

        // Assert
        var lines = result.Text.Split('\n');
        lines.Should().Contain($"{listed}=listed-value");
        result.Text.Should().NotContain(keyCopy).And.NotContain("sk-catalog-test").And.NotContain(unlisted);
    }

    [Fact]
    public async Task For_FileToolsFollowFsWorkspaceOnly()
    {
        // Arrange
        using var ws = new ToolWorkspace();
        File.WriteAllText(Path.Combine(ws.Outside, "x.txt"), "outside");
        using var args = JsonDocument.Parse(Args.Of(("path", "../outside/x.txt")));
        var open = new AgentToolCatalog(new ToolHostSettings { FsWorkspaceOnly = false });

        // Act
        var confinedRead = await Catalog.For(TestConfig.Bind("{}"), "main")[0].ExecuteAsync(args.RootElement, ws.Context, default);
        var openRead = await open.For(TestConfig.Bind("{}"), "main")[0].ExecuteAsync(args.RootElement, ws.Context, default);

        // Assert
        confinedRead.IsError.Should().BeTrue();
        openRead.Text.Should().Be("outside");
    }

    [Fact]
    public void ParametersSchema_UsesTheOriginalParameterNames()
    {
        // Act
        var tools = Catalog.For(TestConfig.Bind("{ tools: { profile: 'full' } }"), "main").ToDictionary(t => t.Name);

        // Assert
        Schema(tools["read"]).Should().Be(("path offset limit", "path"));
        Schema(tools["write"]).Should().Be(("path content", "path content"));
        Schema(tools["edit"]).Should().Be(("path edits", "path edits"));
        Schema(tools["ls"]).Should().Be(("path limit after", ""));
        Schema(tools["exec"]).Should().Be(("command workdir env timeoutSeconds", "command"));
        var edits = tools["edit"].ParametersSchema.GetProperty("properties").GetProperty("edits");
        edits.GetProperty("type").GetString().Should().Be("array");
        edits.GetProperty("items").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Equal("oldText", "newText");
        tools.Values.Should().OnlyContain(t => t.Description.Length > 20);
    }

    private static (string Properties, string Required) Schema(IAgentTool tool)
    {
        var schema = tool.ParametersSchema;
        schema.GetProperty("type").GetString().Should().Be("object");
        var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(e => e.GetString()!) : [];
        return (string.Join(' ', schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)), string.Join(' ', required));
    }
}

namespace OpenClaw.Cli.Tests.Commands;

public sealed class ConfigUnsetCommandTests
{
    [Fact]
    public async Task Unset_RemovesTheKey()
    {
        // Arrange
        using var sandbox = new ConfigSandbox("{ gateway: { port: 18789, bind: 'loopback' } }");

        // Act
        var unset = await sandbox.RunAsync("config", "unset", "gateway.port");
        var get = await sandbox.RunAsync("config", "get", "gateway.port");

        // Assert
        unset.Should().Be(new CliRun(0, $"Removed gateway.port from {sandbox.ConfigPath}\n", ""));
        get.ExitCode.Should().Be(1);
        sandbox.ReadConfig().Should().Be("{\n  \"gateway\": {\n    \"bind\": \"loopback\"\n  }\n}\n");
    }

    [Fact]
    public async Task Unset_ArrayElement_MovesLaterElementsUp()
    {
        using var sandbox = new ConfigSandbox("{ agents: { list: [ { id: 'a' }, { id: 'b' }, { id: 'c' } ] } }");

        var run = await sandbox.RunAsync("config", "unset", "agents.list[0]");
        var first = await sandbox.RunAsync("config", "get", "agents.list[0].id");

        run.ExitCode.Should().Be(0);
        first.Output.Should().Be("b\n");
        (await sandbox.RunAsync("config", "get", "agents.list[2]")).ExitCode.Should().Be(1);
    }

    [Theory]
    [InlineData("gateway.nope")]
    [InlineData("nothing.here.at.all")]
    [InlineData("meta.list[7]")]
    public async Task Unset_AbsentPath_IsANoOpWithZero(string path)
    {
        const string original = "// kept as is\n{ gateway: { port: 1 }, meta: { list: [] } }";
        using var sandbox = new ConfigSandbox(original);

        var run = await sandbox.RunAsync("config", "unset", path);

        run.Should().Be(new CliRun(0, $"Nothing to unset: {path} is not in {sandbox.ConfigPath}\n", ""));
        sandbox.ReadConfig().Should().Be(original);
    }

    [Fact]
    public async Task Unset_MissingFile_IsANoOp_AndCreatesNothing()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config", "unset", "gateway.port");

        run.ExitCode.Should().Be(0);
        Directory.Exists(sandbox.StateDir).Should().BeFalse();
    }

    [Fact]
    public async Task Unset_ThatWouldMakeTheConfigInvalid_IsRefused()
    {
        // An agent entry needs its id.
        const string original = "{ agents: { list: [ { id: 'main', name: 'Main' } ] } }";
        using var sandbox = new ConfigSandbox(original);

        var run = await sandbox.RunAsync("config", "unset", "agents.list[0].id");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("Config not changed: the result would be invalid");
        sandbox.ReadConfig().Should().Be(original);
    }

    [Fact]
    public async Task Unset_PathFromIncludedFile_IsRefused()
    {
        using var sandbox = new ConfigSandbox("{ $include: 'gateway.json5' }");
        var included = sandbox.Write("gateway.json5", "{ gateway: { port: 19000 } }");

        var run = await sandbox.RunAsync("config", "unset", "gateway.port");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"Config path gateway.port comes from an included file: {included}\n");
        sandbox.ReadConfig().Should().Be("{ $include: 'gateway.json5' }");
    }

    [Fact]
    public async Task Unset_BadPathSyntax_IsAUsageError()
    {
        using var sandbox = new ConfigSandbox("{}");

        var run = await sandbox.RunAsync("config", "unset", "a..b");

        run.ExitCode.Should().Be(2);
    }
}

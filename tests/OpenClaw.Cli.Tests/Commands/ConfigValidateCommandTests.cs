namespace OpenClaw.Cli.Tests.Commands;

public sealed class ConfigValidateCommandTests
{
    [Fact]
    public async Task Validate_ValidFile_PrintsConfigValid()
    {
        using var sandbox = new ConfigSandbox("// ok\n{ gateway: { port: 18789 }, agents: { list: [ { id: 'main' } ] } }");

        var run = await sandbox.RunAsync("config", "validate");

        run.Should().Be(new CliRun(0, $"Config valid: {sandbox.ConfigPath}\n", ""));
    }

    [Fact]
    public async Task Validate_MissingFile_IsValid_TheDefaultsApply()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config", "validate");

        run.Should().Be(new CliRun(0, $"Config valid: {sandbox.ConfigPath} (no file yet; the defaults apply)\n", ""));
    }

    [Fact]
    public async Task Validate_UnsupportedSection_IsAWarning()
    {
        using var sandbox = new ConfigSandbox("{ channels: { telegram: {} } }");

        var run = await sandbox.RunAsync("config", "validate");

        run.Should().Be(new CliRun(0, $"Config valid: {sandbox.ConfigPath}\nWarning: channels is not supported by this gateway and is ignored\n", ""));
    }

    [Fact]
    public async Task Validate_InvalidFile_ListsEveryIssue_AndExitsWithOne()
    {
        using var sandbox = new ConfigSandbox("{ gateway: { port: 'x', bind: 'moon' } }");

        var run = await sandbox.RunAsync("config", "validate");

        run.ExitCode.Should().Be(1);
        run.Output.Should().BeEmpty();
        var lines = run.Error.Split('\n');
        lines[0].Should().Be($"Config invalid: {sandbox.ConfigPath}");
        lines.Should().Contain(l => l.StartsWith("- gateway.port:", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("- gateway.bind:", StringComparison.Ordinal));
        run.Error.Should().Contain("openclaw config set/unset");
    }

    [Fact]
    public async Task Validate_SubstitutesVariables_LikeTheGateway()
    {
        using var sandbox = new ConfigSandbox("{ gateway: { auth: { token: '${MY_TOKEN}' } } }");

        var unset = await sandbox.RunAsync("config", "validate");
        sandbox.Environment.Set("MY_TOKEN", "t");
        var set = await sandbox.RunAsync("config", "validate");

        unset.ExitCode.Should().Be(1);
        unset.Error.Should().Contain("- missing env var MY_TOKEN at gateway.auth.token");
        set.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Validate_ResolvesIncludes()
    {
        using var sandbox = new ConfigSandbox("{ $include: 'gateway.json5' }");
        sandbox.Write("gateway.json5", "{ gateway: { port: 70000 } }");

        var run = await sandbox.RunAsync("config", "validate");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("- gateway.port:");
    }

    [Fact]
    public async Task Validate_UnparsableFile_IsAnIssue()
    {
        using var sandbox = new ConfigSandbox("{ gateway: ");

        var run = await sandbox.RunAsync("config", "validate");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain($"- {sandbox.ConfigPath}: JSON5 syntax error");
    }

    [Fact]
    public async Task Validate_Json_GivesPathValidIssuesWarnings()
    {
        using var valid = new ConfigSandbox("{ plugins: {} }");
        using var invalid = new ConfigSandbox("{ gateway: { port: 'x' } }");

        var ok = await valid.RunAsync("config", "validate", "--json");
        var bad = await invalid.RunAsync("--json", "config", "validate");

        ok.ExitCode.Should().Be(0);
        var okJson = System.Text.Json.Nodes.JsonNode.Parse(ok.Output)!.AsObject();
        okJson.Select(p => p.Key).Should().Equal("path", "valid", "issues", "warnings");
        okJson["path"]!.GetValue<string>().Should().Be(valid.ConfigPath);
        okJson["valid"]!.GetValue<bool>().Should().BeTrue();
        okJson["issues"]!.AsArray().Should().BeEmpty();
        okJson["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).Should().Equal("plugins is not supported by this gateway and is ignored");

        bad.ExitCode.Should().Be(1);
        bad.Error.Should().BeEmpty();
        var badJson = System.Text.Json.Nodes.JsonNode.Parse(bad.Output)!;
        badJson["valid"]!.GetValue<bool>().Should().BeFalse();
        badJson["issues"]!.AsArray().Select(i => i!.GetValue<string>()).Should().Equal("gateway.port: expected integer, received string");
    }
}

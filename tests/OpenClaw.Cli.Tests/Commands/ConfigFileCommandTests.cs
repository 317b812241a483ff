namespace OpenClaw.Cli.Tests.Commands;

public sealed class ConfigFileCommandTests
{
    [Fact]
    public async Task File_PrintsTheStateDirConfig()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config", "file");

        run.Should().Be(new CliRun(0, sandbox.ConfigPath + "\n", ""));
    }

    [Fact]
    public async Task File_ConfigPathVariable_Wins()
    {
        using var sandbox = new ConfigSandbox();
        var custom = Path.Combine(sandbox.Root, "elsewhere", "my.json5");
        sandbox.Environment.Set("OPENCLAW_CONFIG_PATH", custom);

        var run = await sandbox.RunAsync("config", "file", "--profile", "work");

        run.Output.Should().Be(custom + "\n");
    }

    [Theory]
    [InlineData(new[] { "--profile", "work" }, ".openclaw-work")]
    [InlineData(new[] { "--dev" }, ".openclaw-dev")]
    [InlineData(new string[0], ".openclaw")]
    public async Task File_ProfileAndDev_PickTheStateDirUnderHome(string[] flags, string stateDir)
    {
        using var sandbox = new ConfigSandbox(useStateDir: false);

        var run = await sandbox.RunAsync(["config", "file", .. flags]);

        run.Output.Should().Be(Path.Combine(sandbox.Home, stateDir, "openclaw.json") + "\n");
    }

    [Fact]
    public async Task File_StateDirVariable_BeatsProfile()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("--profile", "work", "config", "file");

        run.Output.Should().Be(sandbox.ConfigPath + "\n");
    }

    [Fact]
    public async Task File_Json_SaysWhetherItExists()
    {
        using var sandbox = new ConfigSandbox();

        var missing = await sandbox.RunAsync("config", "file", "--json");
        await sandbox.RunAsync("config", "set", "meta.a", "1");
        var present = await sandbox.RunAsync("config", "file", "--json");

        var escaped = System.Text.Json.JsonEncodedText.Encode(sandbox.ConfigPath, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        missing.Output.Should().Be($"{{\n  \"path\": \"{escaped}\",\n  \"exists\": false\n}}\n");
        present.Output.Should().Be($"{{\n  \"path\": \"{escaped}\",\n  \"exists\": true\n}}\n");
    }

    [Theory]
    [InlineData("--profile", "work", ".openclaw-work")]
    [InlineData("--dev", null, ".openclaw-dev")]
    public async Task SetAndGet_FollowTheProfile(string flag, string? name, string stateDir)
    {
        using var sandbox = new ConfigSandbox(useStateDir: false);
        string[] profile = name is null ? [flag] : [flag, name];

        var set = await sandbox.RunAsync(["config", "set", "meta.a", "1", .. profile]);
        var get = await sandbox.RunAsync(["config", "get", "meta.a", .. profile]);
        var other = await sandbox.RunAsync("config", "get", "meta.a");

        set.ExitCode.Should().Be(0);
        File.Exists(Path.Combine(sandbox.Home, stateDir, "openclaw.json")).Should().BeTrue();
        get.Output.Should().Be("1\n");
        other.ExitCode.Should().Be(1);
        other.Error.Should().StartWith($"Config file not found: {Path.Combine(sandbox.Home, ".openclaw", "openclaw.json")}");
    }

    [Fact]
    public async Task Config_WithoutVerb_IsAUsageError()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config");

        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Help_ListsTheVerbsAndFlags()
    {
        using var sandbox = new ConfigSandbox();

        var config = await sandbox.RunAsync("config", "--help");
        var get = await sandbox.RunAsync("config", "get", "--help");
        var set = await sandbox.RunAsync("config", "set", "--help");

        config.Output.Should().Contain("get").And.Contain("set").And.Contain("unset").And.Contain("file").And.Contain("validate");
        get.Output.Should().Contain("--show-secrets").And.Contain("$include and ${VAR} are not resolved");
        set.Output.Should().Contain("--strict-json").And.Contain("one past the end");
    }
}

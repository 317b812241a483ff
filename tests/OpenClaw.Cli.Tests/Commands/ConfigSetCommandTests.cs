namespace OpenClaw.Cli.Tests.Commands;

public sealed class ConfigSetCommandTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("-5", "-5")]
    [InlineData("1.25", "1.25")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("'single quoted'", "single quoted")]
    [InlineData("\"double quoted\"", "double quoted")]
    [InlineData("0x10", "16")]
    [InlineData("hello world", "hello world")]
    [InlineData("{a:1,}", "{\n  \"a\": 1\n}")]
    [InlineData("[1, 'two', {three: 3}]", "[\n  1,\n  \"two\",\n  {\n    \"three\": 3\n  }\n]")]
    public async Task Set_ThenGet_RoundTripsTheParsedValue(string value, string expected)
    {
        // Arrange
        using var sandbox = new ConfigSandbox("{}");

        // Act
        var set = await sandbox.RunAsync("config", "set", "meta.value", value);
        var get = await sandbox.RunAsync("config", "get", "meta.value");

        // Assert
        set.Should().Be(new CliRun(0, $"Updated meta.value in {sandbox.ConfigPath}\n", ""));
        get.Should().Be(new CliRun(0, expected + "\n", ""));
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("{a:")]
    [InlineData("Infinity")]
    [InlineData("")]
    public async Task Set_ValueThatIsNotJson_IsStoredAsAString(string value)
    {
        using var sandbox = new ConfigSandbox("{}");

        var set = await sandbox.RunAsync("config", "set", "meta.value", value);
        var get = await sandbox.RunAsync("config", "get", "meta.value", "--json");

        set.ExitCode.Should().Be(0);
        get.Output.Should().Be(System.Text.Json.JsonSerializer.Serialize(value, Json.Options) + "\n");
    }

    [Fact]
    public async Task Set_StrictJson_RefusesAPlainStringAndLeavesTheFile()
    {
        using var sandbox = new ConfigSandbox("{ meta: { value: 1 } }");

        var run = await sandbox.RunAsync("config", "set", "meta.value", "hello", "--strict-json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("Value is not valid JSON5 (--strict-json): JSON5 syntax error at line 1, column 1");
        sandbox.ReadConfig().Should().Be("{ meta: { value: 1 } }");
    }

    [Theory]
    [InlineData("'hello'", "hello")]
    [InlineData("{a:1,}", "{\n  \"a\": 1\n}")]
    public async Task Set_StrictJson_AcceptsJson5(string value, string expected)
    {
        using var sandbox = new ConfigSandbox("{}");

        var set = await sandbox.RunAsync("config", "set", "--strict-json", "meta.value", value);
        var get = await sandbox.RunAsync("config", "get", "meta.value");

        set.ExitCode.Should().Be(0);
        get.Output.Should().Be(expected + "\n");
    }

    [Fact]
    public async Task Set_CreatesIntermediateObjects()
    {
        using var sandbox = new ConfigSandbox("{ gateway: { port: 18789 } }");

        var run = await sandbox.RunAsync("config", "set", "gateway.auth.mode", "token");

        run.ExitCode.Should().Be(0);
        sandbox.ReadConfig().Should().Be("""
            {
              "gateway": {
                "port": 18789,
                "auth": {
                  "mode": "token"
                }
              }
            }

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Set_IndexOnePastTheEnd_Appends_AndAMissingListStartsAtZero()
    {
        using var sandbox = new ConfigSandbox("{}");

        var first = await sandbox.RunAsync("config", "set", "agents.list[0].id", "main");
        var second = await sandbox.RunAsync("config", "set", "agents.list[1]", "{id: 'beta', default: true}");
        var replace = await sandbox.RunAsync("config", "set", "agents.list[0].id", "alpha");
        var ids = await sandbox.RunAsync("config", "get", "agents.list", "--json");

        new[] { first.ExitCode, second.ExitCode, replace.ExitCode }.Should().AllBeEquivalentTo(0);
        ids.Output.Should().Be("[\n  {\n    \"id\": \"alpha\"\n  },\n  {\n    \"id\": \"beta\",\n    \"default\": true\n  }\n]\n");
    }

    [Fact]
    public async Task Set_IndexPastTheEnd_FailsAndSaysHowToAppend()
    {
        using var sandbox = new ConfigSandbox("{ agents: { list: [ { id: 'main' } ] } }");

        var run = await sandbox.RunAsync("config", "set", "agents.list[3].id", "x");

        run.Should().Be(new CliRun(1, "", "Cannot set agents.list[3].id: agents.list[3] is past the end of agents.list (1 items); use [1] to append\n"));
    }

    [Fact]
    public async Task Set_ThroughAScalar_Fails()
    {
        using var sandbox = new ConfigSandbox("{ gateway: { port: 18789 } }");

        var run = await sandbox.RunAsync("config", "set", "gateway.port.value", "1");

        run.Should().Be(new CliRun(1, "", "Cannot set gateway.port.value: gateway.port is a number, not an object\n"));
    }

    [Fact]
    public async Task Set_InvalidResult_ListsTheIssuesAndLeavesTheFileByteIdentical()
    {
        // Arrange: comments and formatting that a rewrite would lose.
        const string original = "// hand-written\n{ gateway: { port: 18789, }, }\n";
        using var sandbox = new ConfigSandbox(original);
        var before = File.ReadAllBytes(sandbox.ConfigPath);
        var modified = File.GetLastWriteTimeUtc(sandbox.ConfigPath);

        // Act
        var run = await sandbox.RunAsync("config", "set", "gateway.port", "not-a-port");

        // Assert
        run.ExitCode.Should().Be(1);
        run.Error.Should().Be(
            $"Config not changed: the result would be invalid ({sandbox.ConfigPath}):\n" +
            "- gateway.port: expected integer, received string\n" +
            "Fix the value (or the keys above) and try again.\n");
        File.ReadAllBytes(sandbox.ConfigPath).Should().Equal(before);
        File.GetLastWriteTimeUtc(sandbox.ConfigPath).Should().Be(modified);
        Directory.GetFiles(sandbox.StateDir).Should().Equal(sandbox.ConfigPath);
    }

    [Fact]
    public async Task Set_ReportsEveryIssueOfTheResult()
    {
        using var sandbox = new ConfigSandbox("{ gateway: { port: 18789 } }");

        var run = await sandbox.RunAsync("config", "set", "gateway", "{port: 'x', bind: 'moon'}");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("- gateway.port:").And.Contain("- gateway.bind:");
    }

    [Fact]
    public async Task Set_RewritesTheFileAsTwoSpaceJsonWithATrailingNewline()
    {
        using var sandbox = new ConfigSandbox("/* comment */ { gateway: { 'port': 1, }, meta: {list: [1,2,],}, }");

        var run = await sandbox.RunAsync("config", "set", "meta.name", "café + <b>");

        run.ExitCode.Should().Be(0);
        sandbox.ReadConfig().Should().Be(
            "{\n  \"gateway\": {\n    \"port\": 1\n  },\n  \"meta\": {\n    \"list\": [\n      1,\n      2\n    ],\n    \"name\": \"café + <b>\"\n  }\n}\n");
    }

    [Fact]
    public async Task Set_WritesAtomically_LeavingNoTempFiles()
    {
        using var sandbox = new ConfigSandbox("{}");

        for (var i = 0; i < 5; i++)
        {
            (await sandbox.RunAsync("config", "set", "meta.count", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode.Should().Be(0);
        }

        (await sandbox.RunAsync("config", "set", "gateway.port", "'bad'")).ExitCode.Should().Be(1);
        Directory.GetFileSystemEntries(sandbox.StateDir).Should().Equal(sandbox.ConfigPath);
        sandbox.ReadConfig().Should().Be("{\n  \"meta\": {\n    \"count\": 4\n  }\n}\n");
    }

    [Fact]
    public async Task Set_MissingFileAndDirectory_AreCreatedOwnerOnly()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config", "set", "gateway.auth.token", "secret-token");

        run.ExitCode.Should().Be(0);
        sandbox.ReadConfig().Should().Be("{\n  \"gateway\": {\n    \"auth\": {\n      \"token\": \"secret-token\"\n    }\n  }\n}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(sandbox.ConfigPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Set_KeepsTheFileMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var sandbox = new ConfigSandbox("{}");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(sandbox.ConfigPath, mode);

        (await sandbox.RunAsync("config", "set", "meta.x", "1")).ExitCode.Should().Be(0);

        File.GetUnixFileMode(sandbox.ConfigPath).Should().Be(mode);
    }

    [Fact]
    public async Task Set_RestartOnlyKey_SaysSo()
    {
        using var sandbox = new ConfigSandbox("{}");

        var port = await sandbox.RunAsync("config", "set", "gateway.port", "19000");
        var hot = await sandbox.RunAsync("config", "set", "session.idleMinutes", "30");

        port.Output.Should().Contain("needs a restart");
        hot.Output.Should().NotContain("restart");
    }

    [Fact]
    public async Task Set_PathFromIncludedFile_IsRefused_AndNothingIsWritten()
    {
        const string original = "{ $include: 'gateway.json5', meta: { a: 1 } }";
        using var sandbox = new ConfigSandbox(original);
        var included = sandbox.Write("gateway.json5", "{ gateway: { port: 19000, auth: { mode: 'none' } } }");

        var leaf = await sandbox.RunAsync("config", "set", "gateway.port", "19001");
        var below = await sandbox.RunAsync("config", "set", "gateway.auth.token", "t");

        leaf.ExitCode.Should().Be(1);
        leaf.Error.Should().Be(
            $"Config path gateway.port comes from an included file: {included}\n" +
            $"'openclaw config set' only works on the top-level file {sandbox.ConfigPath}; edit {included} directly.\n");
        below.ExitCode.Should().Be(1);
        below.Error.Should().Contain(included);
        sandbox.ReadConfig().Should().Be(original);
    }

    [Fact]
    public async Task Set_TopLevelKeyOfAFileWithInclude_IsWritten_KeepingTheIncludeKey()
    {
        using var sandbox = new ConfigSandbox("{ $include: 'gateway.json5', meta: { a: 1 } }");
        sandbox.Write("gateway.json5", "{ gateway: { port: 19000 } }");

        var existing = await sandbox.RunAsync("config", "set", "meta.a", "2");
        var added = await sandbox.RunAsync("config", "set", "session.idleMinutes", "5");

        existing.ExitCode.Should().Be(0);
        added.ExitCode.Should().Be(0);
        sandbox.ReadConfig().Should().Be(
            "{\n  \"$include\": \"gateway.json5\",\n  \"meta\": {\n    \"a\": 2\n  },\n  \"session\": {\n    \"idleMinutes\": 5\n  }\n}\n");
    }

    [Fact]
    public async Task Set_ValidatesTheWholeResult_IncludedFilesToo()
    {
        // The included file is broken: no edit of the top-level file can make the config valid.
        using var sandbox = new ConfigSandbox("{ $include: 'gateway.json5' }");
        sandbox.Write("gateway.json5", "{ gateway: { port: 'x' } }");

        var run = await sandbox.RunAsync("config", "set", "meta.a", "1");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("- gateway.port: expected integer, received string");
        sandbox.ReadConfig().Should().Be("{ $include: 'gateway.json5' }");
    }

    [Fact]
    public async Task Set_NewKeyUnderAnIncludedSection_IsRefused()
    {
        using var sandbox = new ConfigSandbox("{ $include: 'agents.json5' }");
        var included = sandbox.Write("agents.json5", "{ agents: { list: [ { id: 'main' } ] } }");

        var run = await sandbox.RunAsync("config", "set", "agents.defaults.timeoutSeconds", "60");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"Config path agents.defaults.timeoutSeconds is under agents, which comes from an included file: {included}\n");
    }

    [Fact]
    public async Task Set_VariableUnsetInThisShell_IsWrittenWithANote()
    {
        using var sandbox = new ConfigSandbox("{}");

        var run = await sandbox.RunAsync("config", "set", "gateway.auth.token", "${GATEWAY_SECRET_TOKEN}");

        run.ExitCode.Should().Be(0);
        run.Error.Should().Contain("${GATEWAY_SECRET_TOKEN} is not set in this shell");
        sandbox.ReadConfig().Should().Contain("\"token\": \"${GATEWAY_SECRET_TOKEN}\"");
    }

    [Fact]
    public async Task Set_UnparsableFile_IsRefused()
    {
        using var sandbox = new ConfigSandbox("{ broken");

        var run = await sandbox.RunAsync("config", "set", "meta.a", "1");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"Cannot parse {sandbox.ConfigPath}");
        sandbox.ReadConfig().Should().Be("{ broken");
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a[x]")]
    public async Task Set_BadPathSyntax_IsAUsageError(string path)
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config", "set", path, "1");

        run.ExitCode.Should().Be(2);
        File.Exists(sandbox.ConfigPath).Should().BeFalse();
    }

    [Fact]
    public async Task Set_WithoutValue_IsAUsageError()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config", "set", "meta.a");

        run.ExitCode.Should().Be(2);
    }

    private static class Json
    {
        public static readonly System.Text.Json.JsonSerializerOptions Options = new()
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
    }
}

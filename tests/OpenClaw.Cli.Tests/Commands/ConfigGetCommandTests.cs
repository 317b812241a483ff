namespace OpenClaw.Cli.Tests.Commands;

public sealed class ConfigGetCommandTests
{
    private const string Sample = """
        // A JSON5 file, as people write them.
        {
          gateway: { port: 18789, auth: { mode: 'token', token: 'tok-123' } },
          agents: { list: [ { id: 'main', workspace: '${WORKSPACE_DIR}' }, { id: 'beta' } ] },
          models: { providers: { mock: { baseUrl: 'http://127.0.0.1:18900/v1', apiKey: 'sk-live',
                                         models: [ { id: 'mock-model' } ] } } },
          meta: { enabled: true, ratio: 0.5, nothing: null, tags: ['a', 'b'], },
        }
        """;

    [Theory]
    [InlineData("gateway.auth.mode", "token\n")]
    [InlineData("gateway.port", "18789\n")]
    [InlineData("agents.list[0].id", "main\n")]
    [InlineData("agents.list[1].id", "beta\n")]
    [InlineData("meta.enabled", "true\n")]
    [InlineData("meta.ratio", "0.5\n")]
    [InlineData("meta.nothing", "null\n")]
    [InlineData("meta.tags[1]", "b\n")]
    [InlineData("meta[\"tags\"][0]", "a\n")]
    public async Task Get_Scalar_PrintsStringsRawAndOthersAsJson(string path, string expected)
    {
        // Arrange
        using var sandbox = new ConfigSandbox(Sample);

        // Act
        var run = await sandbox.RunAsync("config", "get", path);

        // Assert
        run.Should().Be(new CliRun(0, expected, ""));
    }

    [Fact]
    public async Task Get_StringWithJson_PrintsQuotedString()
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", "agents.list[0].id", "--json");

        run.Should().Be(new CliRun(0, "\"main\"\n", ""));
    }

    [Fact]
    public async Task Get_ArrayElementObject_PrintsTwoSpaceJson()
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", "models.providers.mock.models[0]");

        run.ExitCode.Should().Be(0);
        run.Output.Should().Be("{\n  \"id\": \"mock-model\"\n}\n");
    }

    [Fact]
    public async Task Get_Array_PrintsTwoSpaceJson()
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", "meta.tags");

        run.Output.Should().Be("[\n  \"a\",\n  \"b\"\n]\n");
    }

    [Theory]
    [InlineData("gateway.auth.token")]
    [InlineData("models.providers.mock.apiKey")]
    public async Task Get_SecretValue_IsRedacted(string path)
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", path);

        run.Should().Be(new CliRun(0, "__OPENCLAW_REDACTED__\n", ""));
    }

    [Fact]
    public async Task Get_ObjectHoldingSecrets_RedactsThemInside()
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", "gateway.auth");

        run.Output.Should().Be("{\n  \"mode\": \"token\",\n  \"token\": \"__OPENCLAW_REDACTED__\"\n}\n");
    }

    [Theory]
    [InlineData("env.OPENROUTER_KEY", "__OPENCLAW_REDACTED__\n")]
    [InlineData("env.vars.GITHUB_PAT", "__OPENCLAW_REDACTED__\n")]
    [InlineData("env", "{\n  \"OPENROUTER_KEY\": \"__OPENCLAW_REDACTED__\",\n  \"vars\": {\n    \"GITHUB_PAT\": \"__OPENCLAW_REDACTED__\"\n  }\n}\n")]
    [InlineData("meta.db", "postgres://__OPENCLAW_REDACTED__@db:5432/app\n")]
    [InlineData("meta.note", "__OPENCLAW_REDACTED__\n")]
    [InlineData("meta.plain", "nothing secret\n")]
    public async Task Get_EnvValues_UrlUserInfo_AndStringsHoldingASecret_AreRedacted(string path, string expected)
    {
        using var sandbox = new ConfigSandbox("""
            {
              env: { OPENROUTER_KEY: 'sk-or-v1-123456', vars: { GITHUB_PAT: 'ghp_abcdef123' } },
              models: { providers: { mock: { apiKey: 'sk-live-xyz' } } },
              meta: { db: 'postgres://app:db-pass@db:5432/app', note: 'the key is sk-or-v1-123456', plain: 'nothing secret' },
            }
            """);

        var run = await sandbox.RunAsync("config", "get", path);

        run.Should().Be(new CliRun(0, expected, ""));
    }

    [Theory]
    [InlineData("models.providers.x.headers", "{\n  \"X-Foo\": \"__OPENCLAW_REDACTED__\",\n  \"X-Retries\": \"__OPENCLAW_REDACTED__\"\n}\n")]
    [InlineData("models.providers.x.headers.X-Foo", "__OPENCLAW_REDACTED__\n")]
    [InlineData("models.providers.x.headers.X-Retries", "__OPENCLAW_REDACTED__\n")]
    [InlineData("env.PIN", "__OPENCLAW_REDACTED__\n")]
    [InlineData("env.vars.DEBUG", "__OPENCLAW_REDACTED__\n")]
    [InlineData("env.vars.LIST[0]", "__OPENCLAW_REDACTED__\n")]
    [InlineData("env.vars", "{\n  \"DEBUG\": \"__OPENCLAW_REDACTED__\",\n  \"LIST\": [\n    \"__OPENCLAW_REDACTED__\",\n    {\n      \"n\": \"__OPENCLAW_REDACTED__\"\n    }\n  ]\n}\n")]
    [InlineData("models.providers.x.baseUrl", "https://x.invalid/v1\n")]
    [InlineData("models.providers.x.retries", "3\n")]
    public async Task Get_PathAtOrUnderASecretPlace_IsRedacted_WhateverTheValuesType(string path, string expected)
    {
        // The same places as the whole-file view: env, headers and secret keys, along every segment of the path.
        using var sandbox = new ConfigSandbox("""
            {
              env: { PIN: 1234, vars: { DEBUG: true, LIST: [ 5, { n: 2.5 } ] } },
              models: { providers: { x: { baseUrl: 'https://x.invalid/v1', retries: 3, headers: { 'X-Foo': 'hdr', 'X-Retries': 7 } } } },
            }
            """);

        var run = await sandbox.RunAsync("config", "get", path);

        run.Should().Be(new CliRun(0, expected, ""));
    }

    [Fact]
    public async Task Get_ShowSecrets_PrintsTheRealValues()
    {
        using var sandbox = new ConfigSandbox(Sample);

        var scalar = await sandbox.RunAsync("config", "get", "gateway.auth.token", "--show-secrets");
        var nested = await sandbox.RunAsync("config", "get", "models.providers.mock", "--show-secrets", "--json");

        scalar.Should().Be(new CliRun(0, "tok-123\n", ""));
        nested.Output.Should().Contain("\"apiKey\": \"sk-live\"");
    }

    [Fact]
    public async Task Get_ShowsTheFileAsWritten_WithoutSubstitutingVariables()
    {
        // WORKSPACE_DIR is not set anywhere: get must neither fail nor resolve it.
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", "agents.list[0].workspace");

        run.Should().Be(new CliRun(0, "${WORKSPACE_DIR}\n", ""));
    }

    [Theory]
    [InlineData("gateway.nope")]
    [InlineData("agents.list[5].id")]
    [InlineData("gateway.port.deeper")]
    [InlineData("agents.list.id")]
    public async Task Get_MissingPath_FailsWithOne(string path)
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", path);

        run.Should().Be(new CliRun(1, "", $"Config path not found: {path}\n"));
    }

    [Fact]
    public async Task Get_MissingFile_NamesTheFileAndHowToCreateIt()
    {
        using var sandbox = new ConfigSandbox();

        var run = await sandbox.RunAsync("config", "get", "gateway.port");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"Config file not found: {sandbox.ConfigPath}\n").And.Contain("openclaw config set");
    }

    [Fact]
    public async Task Get_UnparsableFile_SaysWhereTheSyntaxErrorIs()
    {
        using var sandbox = new ConfigSandbox("{ gateway: { port: 1, }\n");

        var run = await sandbox.RunAsync("config", "get", "gateway.port");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"Cannot parse {sandbox.ConfigPath}: JSON5 syntax error at line 2");
    }

    [Fact]
    public async Task Get_PathFromIncludedFile_NamesThatFile()
    {
        using var sandbox = new ConfigSandbox("{ $include: 'gateway.json5', agents: { list: [ { id: 'main' } ] } }");
        var included = sandbox.Write("gateway.json5", "{ gateway: { port: 19000 } }");

        var run = await sandbox.RunAsync("config", "get", "gateway.port");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"Config path gateway.port comes from an included file: {included}\n");
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a[x]")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a[0")]
    [InlineData("a]b")]
    [InlineData("a[-1]")]
    [InlineData("")]
    public async Task Get_BadPathSyntax_IsAUsageError(string path)
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get", path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith($"Invalid config path '{path}'").And.Contain("agents.list[0].id");
    }

    [Fact]
    public async Task Get_WithoutPath_IsAUsageError()
    {
        using var sandbox = new ConfigSandbox(Sample);

        var run = await sandbox.RunAsync("config", "get");

        run.ExitCode.Should().Be(2);
    }
}

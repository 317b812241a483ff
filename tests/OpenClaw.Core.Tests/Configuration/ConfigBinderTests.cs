using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Configuration;

public class ConfigBinderTests
{
    [Fact]
    public void Bind_EmptyObject_ReturnsDefaults()
    {
        // Act
        var config = TestConfig.Bind("{}");

        // Assert
        config.Warnings.Should().BeEmpty();
        config.Agents.List.Should().BeEmpty();
        config.Agents.Defaults.TimeoutSeconds.Should().Be(600);
        config.Agents.Defaults.MaxConcurrent.Should().Be(4);
        config.Models.Mode.Should().Be("merge");
        config.Session.MainKey.Should().Be("main");
        config.Session.Scope.Should().Be("per-sender");
        config.Session.ResetTriggers.Should().Equal("/new", "/reset");
        config.Tools.ExecTimeoutSeconds.Should().Be(120);
        config.Gateway.Auth.RateLimit.Should().BeNull();
    }

    [Fact]
    public void Bind_UnknownTopLevelSections_AreWarningsNotErrors()
    {
        // Arrange
        const string Text = "{ channels: { telegram: {} }, plugins: {}, skills: {}, update: {}, telemetry: {}, discovery: {}, logging: {}, cron: {}, hooks: {}, $schema: 'x', meta: {}, env: {} }";

        // Act
        var config = TestConfig.Bind(Text);

        // Assert
        config.Warnings.Should().BeEquivalentTo(
            "channels is not supported by this gateway and is ignored",
            "plugins is not supported by this gateway and is ignored",
            "skills is not supported by this gateway and is ignored",
            "update is not supported by this gateway and is ignored",
            "telemetry is not supported by this gateway and is ignored",
            "discovery is not supported by this gateway and is ignored",
            "logging is not supported by this gateway and is ignored",
            "cron is not supported by this gateway and is ignored",
            "hooks is not supported by this gateway and is ignored");
    }

    [Theory]
    [InlineData("{ gateway: { auth: { mode: 'token', bogus: 1 } } }", "gateway.auth.bogus")]
    [InlineData("{ gateway: { auth: { rateLimit: { maxAttempts: 3, burst: 1 } } } }", "gateway.auth.rateLimit.burst")]
    [InlineData("{ agents: { bogus: 1 } }", "agents.bogus")]
    [InlineData("{ agents: { defaults: { bogus: 1 } } }", "agents.defaults.bogus")]
    [InlineData("{ agents: { defaults: { model: { primary: 'a/b', bogus: 1 } } } }", "agents.defaults.model.bogus")]
    [InlineData("{ agents: { list: [ { id: 'main', bogus: 1 } ] } }", "agents.list[0].bogus")]
    [InlineData("{ agents: { entries: { main: { bogus: 1 } } } }", "agents.entries.main.bogus")]
    [InlineData("{ models: { providers: { mock: { baseUrl: 'http://x/v1', bogus: 1 } } } }", "models.providers.mock.bogus")]
    [InlineData("{ models: { providers: { mock: { models: [ { id: 'm', bogus: 1 } ] } } } }", "models.providers.mock.models[0].bogus")]
    [InlineData("{ tools: { bogus: 1 } }", "tools.bogus")]
    [InlineData("{ session: { bogus: 1 } }", "session.bogus")]
    [InlineData("{ session: { reset: { mode: 'daily', bogus: 1 } } }", "session.reset.bogus")]
    public void Bind_UnknownKeyInStrictSection_FailsNamingTheKeyPath(string text, string keyPath)
    {
        // Act
        var message = TestConfig.BindError(text);

        // Assert
        message.Should().Be($"invalid config: {keyPath}: unrecognized key");
    }

    [Theory]
    [InlineData("{ gateway: { flavour: 1 } }", "gateway.flavour is not supported by this gateway and is ignored")]
    [InlineData("{ gateway: { tls: { enabled: false, clientAuth: true } } }", "gateway.tls.clientAuth is not supported by this gateway and is ignored")]
    [InlineData("{ models: { bedrockDiscovery: {} } }", "models.bedrockDiscovery is accepted but has no effect in this gateway")]
    [InlineData("{ gateway: { http: { extra: 1 } } }", "gateway.http.extra is not supported by this gateway and is ignored")]
    public void Bind_UnknownKeyInLenientSection_IsAWarning(string text, string warning)
    {
        // Act
        var config = TestConfig.Bind(text);

        // Assert
        config.Warnings.Should().Contain(warning);
    }

    [Theory]
    [InlineData("{ gateway: { port: 'abc' } }", "gateway.port: expected integer, received string")]
    [InlineData("{ gateway: { port: 70000 } }", "gateway.port: expected an integer between 1 and 65535, received 70000")]
    [InlineData("{ gateway: { port: 1.5 } }", "gateway.port: expected an integer between 1 and 65535, received 1.5")]
    [InlineData("{ gateway: { auth: 'token' } }", "gateway.auth: expected object, received string")]
    [InlineData("{ gateway: { auth: { mode: 'magic' } } }", "gateway.auth.mode: expected one of none, token, password, trusted-proxy, received \"magic\"")]
    [InlineData("{ agents: { defaults: { timeoutSeconds: true } } }", "agents.defaults.timeoutSeconds: expected integer, received boolean")]
    [InlineData("{ agents: { defaults: { skipBootstrap: 'yes' } } }", "agents.defaults.skipBootstrap: expected boolean, received string")]
    [InlineData("{ agents: { defaults: { model: ['a/b'] } } }", "agents.defaults.model: expected string or object, received array")]
    [InlineData("{ agents: { defaults: { model: 5 } } }", "agents.defaults.model: expected string, received number")]
    [InlineData("{ agents: { list: { id: 'main' } } }", "agents.list: expected array, received object")]
    [InlineData("{ agents: { list: [ 'main' ] } }", "agents.list[0]: expected object, received string")]
    [InlineData("{ session: { mainKey: 5 } }", "session.mainKey: expected string, received number")]
    [InlineData("{ session: { scope: 'per-galaxy' } }", "session.scope: expected one of per-sender, global, received \"per-galaxy\"")]
    [InlineData("{ tools: { allow: 'read' } }", "tools.allow: expected array, received string")]
    [InlineData("{ tools: { deny: ['exec', 3] } }", "tools.deny[1]: expected string, received number")]
    [InlineData("{ models: { providers: { mock: { headers: { 'x-a': 1 } } } } }", "models.providers.mock.headers.x-a: expected string, received number")]
    [InlineData("{ models: { providers: { mock: 'openai' } } }", "models.providers.mock: expected object, received string")]
    [InlineData("{ gateway: null }", null)]
    public void Bind_WrongType_FailsNamingTheKey(string text, string? error)
    {
        // Act
        var act = () => TestConfig.Bind(text);

        // Assert
        if (error is null)
        {
            act.Should().NotThrow("null means absent");
        }
        else
        {
            act.Should().Throw<ConfigException>().Which.Message.Should().Be("invalid config: " + error);
        }
    }

    [Fact]
    public void Bind_SeveralProblems_ReportsAllOfThemInOneException()
    {
        // Act
        var message = TestConfig.BindError("{ gateway: { port: 'x' }, tools: { bogus: 1 }, session: { mainKey: 1 } }");

        // Assert
        message.Should().StartWith("invalid config: ");
        message.Should().Contain("gateway.port: expected integer, received string")
            .And.Contain("tools.bogus: unrecognized key")
            .And.Contain("session.mainKey: expected string, received number");
    }

    [Fact]
    public void Bind_ToolsSection_BindsPolicyAndExecTimeout()
    {
        // Act
        var config = TestConfig.Bind("{ tools: { profile: 'full', allow: [' exec '], deny: ['write'], exec: { timeoutSeconds: 30 } } }");

        // Assert
        config.Tools.Policy.Profile.Should().Be("full");
        config.Tools.Policy.Allow.Should().Equal("exec");
        config.Tools.Policy.Deny.Should().Equal("write");
        config.Tools.ExecTimeoutSeconds.Should().Be(30);
    }

    [Theory]
    [InlineData("{ tools: { exec: { timeoutSeconds: 0 } } }", "tools.exec.timeoutSeconds: expected an integer between 1 and 86400, received 0")]
    [InlineData("{ tools: { exec: { timeoutSeconds: '5' } } }", "tools.exec.timeoutSeconds: expected integer, received string")]
    [InlineData("{ tools: { exec: { timeoutSec: 5 } } }", "tools.exec.timeoutSec: unrecognized key")]
    [InlineData("{ tools: { exec: 5 } }", "tools.exec: expected object, received number")]
    [InlineData("{ tools: { profile: 'admin' } }", "tools.profile: expected one of minimal, coding, messaging, full, received \"admin\"")]
    [InlineData("{ tools: { alsoAllow: [1] } }", "tools.alsoAllow[0]: expected string, received number")]
    [InlineData("{ agents: { list: [ { id: 'main', tools: { bogus: 1 } } ] } }", "agents.list[0].tools.bogus: unrecognized key")]
    [InlineData("{ agents: { list: [ { id: 'main', tools: { deny: 'exec' } } ] } }", "agents.list[0].tools.deny: expected array, received string")]
    public void Bind_InvalidToolsKeys_FailNamingTheKey(string text, string expected)
    {
        // Act
        var message = TestConfig.BindError(text);

        // Assert
        message.Should().Be("invalid config: " + expected);
    }

    [Fact]
    public void Bind_ToolsKeysOfTheOriginalWithoutEffect_AreWarnings()
    {
        // Act
        var config = TestConfig.Bind(
            "{ tools: { fs: { workspaceOnly: false }, exec: { host: 'gateway', timeoutSeconds: 5 } }, agents: { list: [ { id: 'main', tools: { exec: { timeoutSeconds: 9 } } } ] } }");

        // Assert
        config.Warnings.Should().BeEquivalentTo(
            "tools.fs is accepted but has no effect in this gateway",
            "tools.exec.host is accepted but has no effect in this gateway",
            "agents.list[0].tools.exec is accepted but has no effect in this gateway");
        config.Tools.ExecTimeoutSeconds.Should().Be(5);
    }

    [Fact]
    public void Bind_AlsoAllow_AddsToAllow()
    {
        // Act
        var config = TestConfig.Bind("{ tools: { allow: ['read'], alsoAllow: ['exec'] }, agents: { list: [ { id: 'main', tools: { alsoAllow: ['group:runtime'] } } ] } }");

        // Assert
        config.Tools.Policy.Allow.Should().Equal("read", "exec");
        config.Agents.List[0].Tools!.Allow.Should().Equal("group:runtime");
    }

    [Fact]
    public void Bind_Raw_KeepsTheWholeInputObject()
    {
        // Act
        var config = TestConfig.Bind("{ channels: { x: 1 }, gateway: { port: 1234 } }");

        // Assert
        config.Raw["channels"]!["x"]!.GetValue<int>().Should().Be(1);
        config.Gateway.Port.Should().Be(1234);
    }
}

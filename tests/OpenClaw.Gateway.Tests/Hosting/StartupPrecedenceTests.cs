using System.Net;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.Tests.Hosting;

/// <summary>Precedence of flags, environment and config for the listener and the auth secrets (agent-runtime.md §2.2).</summary>
public sealed class StartupPrecedenceTests
{
    [Theory]
    [InlineData(1111, "2222", 3333, 1111)]
    [InlineData(null, "2222", 3333, 2222)]
    [InlineData(null, null, 3333, 3333)]
    [InlineData(null, null, null, 18789)]
    public void Port_FlagBeatsEnvironmentBeatsConfigBeatsDefault(int? flag, string? env, int? config, int expected)
    {
        var listener = GatewayListener.Resolve(
            Config(config is null ? "{}" : $"{{ gateway: {{ port: {config} }} }}"),
            new GatewayStartupOverrides { Port = flag },
            Env(("OPENCLAW_GATEWAY_PORT", env)));

        listener.Port.Should().Be(expected);
    }

    [Fact]
    public void Port_InvalidEnvironmentValue_IsARefusal()
    {
        var act = () => GatewayListener.Resolve(Config("{}"), new GatewayStartupOverrides(), Env(("OPENCLAW_GATEWAY_PORT", "eighty")));

        act.Should().Throw<GatewayStartupException>().WithMessage("*OPENCLAW_GATEWAY_PORT*");
    }

    [Fact]
    public void Bind_LoopbackIsTheDefault_AndLanMeansAllInterfaces()
    {
        GatewayListener.Resolve(Config("{}"), new GatewayStartupOverrides(), Env()).Addresses.Should().OnlyContain(a => IPAddress.IsLoopback(a));
        GatewayListener.Resolve(Config("{ gateway: { bind: 'lan' } }"), new GatewayStartupOverrides(), Env()).Addresses.Should().Equal(IPAddress.Any);
        GatewayListener.Resolve(Config("{ gateway: { bind: 'lan' } }"), new GatewayStartupOverrides { Bind = "loopback" }, Env()).IsLoopbackOnly.Should().BeTrue();
        GatewayListener.Resolve(Config("{ gateway: { bind: 'custom', customBindHost: '10.1.2.3' } }"), new GatewayStartupOverrides(), Env())
            .Addresses.Should().Equal(IPAddress.Parse("10.1.2.3"));
    }

    [Fact]
    public void Token_ConfigBeatsEnvironment_FlagBeatsBoth()
    {
        var env = Env(("OPENCLAW_GATEWAY_TOKEN", "from-env-0123456789"));
        var config = Config("{ gateway: { auth: { token: 'from-config-0123456789' } } }");

        var configFirst = GatewayAuthSettings.Resolve(config, "token", new GatewayStartupOverrides(), env);
        var flag = GatewayAuthSettings.Resolve(config, "token", new GatewayStartupOverrides { Token = "from-flag-0123456789" }, env);
        var envOnly = GatewayAuthSettings.Resolve(Config("{}"), "token", new GatewayStartupOverrides(), env);

        configFirst.Verify("from-config-0123456789").Should().BeTrue();
        configFirst.Verify("from-env-0123456789").Should().BeFalse();
        flag.Verify("from-flag-0123456789").Should().BeTrue();
        flag.Verify("from-config-0123456789").Should().BeFalse();
        envOnly.Verify("from-env-0123456789").Should().BeTrue();
    }

    [Theory]
    [InlineData("{}", null, "token")]
    [InlineData("{ gateway: { auth: { password: 'pw' } } }", null, "password")]
    [InlineData("{ gateway: { auth: { mode: 'none', password: 'pw' } } }", null, "none")]
    [InlineData("{ gateway: { auth: { mode: 'token' } } }", "password", "password")]
    public void Mode_FlagThenConfigThenPasswordIfOneResolves(string config, string? flag, string expected) =>
        GatewayAuthSettings.ResolveMode(Config(config), new GatewayStartupOverrides { Auth = flag }, Env()).Should().Be(expected);

    [Fact]
    public void Password_FromEnvironment_SelectsPasswordMode()
    {
        var env = Env(("OPENCLAW_GATEWAY_PASSWORD", "env password"));

        GatewayAuthSettings.ResolveMode(Config("{}"), new GatewayStartupOverrides(), env).Should().Be("password");
        GatewayAuthSettings.Resolve(Config("{}"), "password", new GatewayStartupOverrides(), env).Verify("env password").Should().BeTrue();
    }

    private static OpenClawConfig Config(string json5) => ConfigBinder.Bind((System.Text.Json.Nodes.JsonObject)Json5.Parse(json5)!);

    private static DictionaryEnvironment Env(params (string Name, string? Value)[] variables) =>
        new(variables.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!));
}

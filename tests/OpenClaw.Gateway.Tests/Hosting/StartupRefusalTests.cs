using System.Net;
using System.Net.Sockets;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Hosting;

public sealed class StartupRefusalTests
{
    [Theory]
    [InlineData("{ gateway: { auth: { mode: 'token' } } }", "no token is configured")]
    [InlineData("{ gateway: { auth: { token: 'change-me-now' } } }", "placeholder gateway token")]
    [InlineData("{ gateway: { auth: { token: 'change-me-to-a-long-random-token' } } }", "placeholder gateway token")]
    [InlineData("{ gateway: { auth: { token: 'undefined' } } }", "placeholder gateway token")]
    [InlineData("{ gateway: { auth: { mode: 'password' } } }", "no password is configured")]
    [InlineData("{ gateway: { auth: { mode: 'password', password: 'change-me-to-a-strong-password' } } }", "placeholder gateway password")]
    [InlineData("{ gateway: { mode: 'remote', auth: { token: 'tok-0123456789' } } }", "gateway.mode is \"remote\"")]
    public async Task UnsafeOrUnconfiguredStart_IsRefused(string config, string reason)
    {
        var start = () => KestrelGateway.StartAsync(config);

        (await start.Should().ThrowAsync<GatewayStartupException>()).Which.Message.Should().Contain(reason);
    }

    [Theory]
    [InlineData("{ gateway: { port: 'x' } }", "gateway.port: expected integer, received string")]
    [InlineData("{ gateway: { port: 70000 } }", "gateway.port: expected an integer between 1 and 65535, received 70000")]
    [InlineData("{ gateway: { auth: { tokn: 'x' } } }", "gateway.auth.tokn: unrecognized key")]
    [InlineData("{ agents: { defaults: { timeoutSeconds: 'soon' } } }", "agents.defaults.timeoutSeconds: expected integer, received string")]
    [InlineData("{ agents: { list: [ { id: 'Bad Id!' } ] } }", "invalid agent id 'Bad Id!'")]
    [InlineData("{ models: { providers: { g: { api: 'google-generative-ai' } } } }", "models.providers.g.api")]
    [InlineData("{ gateway: { auth: { token: '${OPENCLAW_TEST_SURELY_UNSET_VARIABLE}' } } }", "missing env var OPENCLAW_TEST_SURELY_UNSET_VARIABLE at gateway.auth.token")]
    [InlineData("{ gateway: ", "JSON5 syntax error")]
    [InlineData("{ env: { 'A=B': '1' } }", "cannot apply the env block or .env files")]
    public async Task InvalidConfig_IsRefused_NamingTheKey(string config, string reason)
    {
        var start = () => KestrelGateway.StartAsync(config);

        (await start.Should().ThrowAsync<ConfigException>()).Which.Message.Should().Contain(reason);
    }

    [Fact]
    public async Task LanBindWithoutAuth_IsRefused()
    {
        var start = () => KestrelGateway.StartAsync("{ gateway: { bind: 'lan', auth: { mode: 'none' } } }", new Dictionary<string, string?> { ["OpenClaw:Cli:Bind"] = null });

        (await start.Should().ThrowAsync<GatewayStartupException>()).Which.Message.Should().Be("refusing to bind gateway to 0.0.0.0 without auth");
    }

    [Fact]
    public async Task AllowUnconfigured_SkipsTheModeGuard()
    {
        await using var gateway = await KestrelGateway.StartAsync(
            "{ gateway: { mode: 'remote', auth: { token: 'tok-0123456789' } } }",
            new Dictionary<string, string?> { ["OpenClaw:Cli:AllowUnconfigured"] = "true" });

        (await gateway.CreateClient().GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BusyPort_IsRefusedWithAClearReason()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var settings = new Dictionary<string, string?> { ["OpenClaw:Cli:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        var dir = Directory.CreateTempSubdirectory("openclaw-port-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "openclaw.json"), TestConfigs.EchoOnly);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["OpenClaw:StateDir"] = dir,
            ["OpenClaw:ConfigPath"] = Path.Combine(dir, "openclaw.json"),
            ["Serilog:MinimumLevel"] = "Fatal",
        });
        builder.AddGateway();
        await using var app = builder.Build();
        app.MapGateway();

        var run = () => app.RunGatewayAsync();

        (await run.Should().ThrowAsync<GatewayStartupException>()).Which.Message.Should().Be($"port {port} is already in use; stop the other process or pass --port");
        GatewayFactory.TryDelete(dir);
    }
}

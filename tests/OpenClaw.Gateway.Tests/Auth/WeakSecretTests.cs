using System.Net;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Auth;

public sealed class WeakSecretTests
{
    private const string StrongToken = "0f3a9c4e7b21d85f6a0c3e9b7d14f2a8";

    [Theory]
    [InlineData("bind: 'lan', auth: { token: 'abc' }", "refusing to bind gateway to 0.0.0.0 with a weak token (3 characters); off loopback a token needs at least 24 characters and 5 different ones: generate one with `openssl rand -hex 24`")]
    [InlineData("bind: 'lan', auth: { token: 'abababababababababababababab' }", "refusing to bind gateway to 0.0.0.0 with a weak token (28 characters)")]
    [InlineData("bind: 'custom', customBindHost: '192.0.2.10', auth: { token: 'test-token-0123456789' }", "refusing to bind gateway to 192.0.2.10 with a weak token (21 characters)")]
    [InlineData("bind: 'lan', auth: { mode: 'password', password: 'hunter2' }", "refusing to bind gateway to 0.0.0.0 with a weak password (7 characters); off loopback a password needs at least 12 characters and 5 different ones: generate one with `openssl rand -base64 18` or use a long passphrase")]
    public async Task PublicBindWithWeakSecret_IsRefusedWithHowToMakeAGoodOne(string gateway, string reason)
    {
        var start = () => KestrelGateway.StartAsync(Config(gateway), LanBind());

        (await start.Should().ThrowAsync<GatewayStartupException>()).Which.Message.Should().StartWith(reason).And.NotContain("\n");
    }

    [Fact]
    public async Task WeakTokenFromTheCommandLine_IsRefusedOnAPublicBind()
    {
        var start = () => KestrelGateway.StartAsync(Config($"bind: 'lan', auth: {{ token: '{StrongToken}' }}"), LanBind(("OpenClaw:Cli:Token", "abc")));

        (await start.Should().ThrowAsync<GatewayStartupException>()).Which.Message.Should().Contain("weak token (3 characters)");
    }

    [Fact]
    public async Task LoopbackBind_KeepsAcceptingAShortToken()
    {
        await using var gateway = await KestrelGateway.StartAsync(Config("auth: { token: 'abc' }"));

        (await gateway.CreateClient("abc").GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LanBind_StartsWithAStrongToken()
    {
        await using var gateway = await KestrelGateway.StartAsync(Config($"bind: 'lan', auth: {{ token: '{StrongToken}' }}"), LanBind());

        (await gateway.CreateClient(StrongToken).GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ReloadToAWeakTokenOnALanBind_IsIgnoredAndLogged()
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        await using var gateway = await KestrelGateway.StartAsync(
            Config($"bind: 'lan', auth: {{ token: '{StrongToken}' }}"), LanBind(), services: s => s.AddSingleton<ILoggerProvider>(logs));
        var config = gateway.App.Services.GetRequiredService<ReloadingConfigSource>();

        // Act
        await File.WriteAllTextAsync(gateway.ConfigPath, Config("bind: 'lan', auth: { token: 'abc' }"));
        config.Reload();

        // Assert
        (await gateway.CreateClient("abc").GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await gateway.CreateClient(StrongToken).GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        logs.Entries.Should().Contain(e => e.EventId.Name == "AuthReloadIgnored" && e.Message.Contains("weak token (3 characters)", StringComparison.Ordinal));
    }

    private static string Config(string gateway) => $$"""
        { gateway: { {{gateway}}, http: { endpoints: { chatCompletions: { enabled: true } } } } }
        """;

    private static Dictionary<string, string?> LanBind(params (string Key, string? Value)[] more)
    {
        // Null drops the fixture's --bind loopback, so gateway.bind decides.
        var settings = new Dictionary<string, string?> { ["OpenClaw:Cli:Bind"] = null };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}

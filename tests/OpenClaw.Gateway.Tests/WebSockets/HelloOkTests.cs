using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>The <c>hello-ok</c> payload (gateway-protocol.md §3.5, §3.6, §8 item 3).</summary>
public sealed class HelloOkTests : IAsyncLifetime
{
    private static readonly string[] MustMethods =
    [
        "health", "status", "agent", "agent.wait", "chat.send", "chat.history", "chat.abort", "sessions.list", "sessions.reset",
        "sessions.delete", "sessions.patch", "sessions.preview", "config.get", "agents.list", "models.list",
    ];

    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await WsGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task HelloOk_HasTheFieldsOfSection3_6()
    {
        // Arrange
        await using var client = await WsTestClient.OpenAsync(_gateway);

        // Act
        var hello = await client.ConnectAsync();

        // Assert
        hello.ShouldHaveKeysInOrder("type", "protocol", "server", "features", "snapshot", "auth", "policy");
        hello.Long("protocol").Should().Be(4);
        var server = hello.GetProperty("server");
        server.Keys().Should().Equal(["version", "buildId", "connId"], "the original's client validates server strictly");
        server.Str("version").Should().Be("2026.9.6");
        server.Str("buildId").Should().StartWith("openclaw-dotnet-");
        Guid.TryParse(server.Str("connId"), out _).Should().BeTrue();
        hello.GetProperty("features").Strings("methods").Should().Contain(MustMethods);
        hello.GetProperty("features").Strings("events").Should().Contain(["connect.challenge", "agent", "chat", "tick", "shutdown"]);
        hello.GetProperty("features").Strings("events").Should().NotContain(["task", "chat.metadata.changed", "sessions.changed"], "unimplemented events are absent (§5)");
        hello.GetProperty("policy").GetRawText().Should().Be("""{"maxPayload":26214400,"maxBufferedBytes":52428800,"tickIntervalMs":30000}""");
        var auth = hello.GetProperty("auth");
        auth.Str("method").Should().Be("token");
        auth.Str("role").Should().Be("operator");
    }

    [Fact]
    public async Task HelloOk_Snapshot_HasPresenceHealthStateVersionUptimeSessionDefaultsAndPaths()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var snapshot = (await client.ConnectAsync()).GetProperty("snapshot");

        snapshot.ShouldHaveKeysInOrder("presence", "health", "stateVersion", "uptimeMs", "sessionDefaults", "configPath", "stateDir", "authMode");
        var presence = snapshot.Items("presence");
        presence.Should().ContainSingle("only the gateway itself is tracked");
        presence[0].Str("mode").Should().Be("gateway");
        presence[0].Str("reason").Should().Be("self");
        presence[0].Str("version").Should().Be("2026.9.6");
        snapshot.GetProperty("health").Bool("ok").Should().BeTrue();
        snapshot.GetProperty("health").Str("defaultAgentId").Should().Be("main");
        snapshot.GetProperty("stateVersion").Long("presence").Should().NotBeNull();
        snapshot.GetProperty("stateVersion").Long("health").Should().NotBeNull();
        snapshot.Long("uptimeMs").Should().BeGreaterThanOrEqualTo(0);
        snapshot.GetProperty("sessionDefaults").GetRawText().Should().Be(
            """{"defaultAgentId":"main","mainKey":"main","mainSessionKey":"agent:main:main","scope":"per-sender"}""");
        snapshot.Str("configPath").Should().Be(_gateway.ConfigPath);
        snapshot.Str("stateDir").Should().Be(_gateway.StateDir);
        snapshot.Str("authMode").Should().Be("token");
    }

    [Fact]
    public async Task HelloOk_ConnIdIsNewPerConnection()
    {
        await using var first = await WsTestClient.OpenAsync(_gateway);
        await using var second = await WsTestClient.OpenAsync(_gateway);

        var a = (await first.ConnectAsync()).GetProperty("server").Str("connId");
        var b = (await second.ConnectAsync()).GetProperty("server").Str("connId");

        a.Should().NotBe(b);
    }

    [Fact]
    public async Task HelloOk_PolicyReflectsTheHostSettings()
    {
        await using var gateway = await WsGateway.StartAsync(
            TestConfigs.EchoOnly, (WsGateway.MaxPayload, "1000000"), (WsGateway.MaxBuffered, "2000000"), (WsGateway.TickInterval, "5000"));
        await using var client = await WsTestClient.OpenAsync(gateway);

        var hello = await client.ConnectAsync();

        hello.GetProperty("policy").GetRawText().Should().Be("""{"maxPayload":1000000,"maxBufferedBytes":2000000,"tickIntervalMs":5000}""");
    }

    [Fact]
    public async Task Scopes_RequestedScopesAreGrantedAndEchoed()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var hello = await client.ConnectAsync(scopes: ["operator.read", "operator.write"]);

        hello.GetProperty("auth").Strings("scopes").Should().BeEquivalentTo(["operator.read", "operator.write"]);
    }

    [Fact]
    public async Task Scopes_Empty_GrantsAllSixOperatorScopes()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var hello = await client.ConnectAsync(scopes: []);

        hello.GetProperty("auth").Strings("scopes").Should().BeEquivalentTo(WsJson.AllOperatorScopes);
    }

    [Fact]
    public async Task Scopes_Absent_GrantsAllSixOperatorScopes()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var hello = await client.ConnectAsync(scopes: null);

        hello.GetProperty("auth").Strings("scopes").Should().BeEquivalentTo(WsJson.AllOperatorScopes);
    }

    [Fact]
    public async Task FeaturesMethods_AdvertisesOnlyMethodsThatExist()
    {
        // Arrange
        await using var client = await WsTestClient.OpenAsync(_gateway);
        var methods = (await client.ConnectAsync()).GetProperty("features").Strings("methods");

        // Act: every advertised method answers with something other than "unknown method" (params may be invalid).
        var unknown = new List<string>();
        foreach (var method in methods.Where(m => m is not "connect"))
        {
            var response = await client.RequestAsync(method!, """{"__probe":true}""");
            if (response.Bool("ok") == false && response.GetProperty("error").Str("message") == $"unknown method: {method}")
            {
                unknown.Add(method!);
            }
        }

        // Assert
        unknown.Should().BeEmpty("features.methods never advertises what is not implemented (§3.6)");
    }

    [Theory]
    [InlineData("cron.list")]
    [InlineData("channels.status")]
    [InlineData("node.list")]
    [InlineData("device.pair.list")]
    public async Task NotImplementedMethods_AreNotAdvertised_AndAnswerUnknownMethod(string method)
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        var hello = await client.ConnectAsync();

        var response = await client.RequestAsync(method);

        hello.GetProperty("features").Strings("methods").Should().NotContain(method);
        response.Error().Str("message").Should().Be($"unknown method: {method}");
    }
}

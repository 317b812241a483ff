using System.Security.Cryptography;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary><c>health</c>, <c>config.get</c>, <c>agents.list</c>, <c>models.list</c> (gateway-protocol.md §6.1, §6.9–§6.11).</summary>
public sealed class GatewayInfoMethodTests : IAsyncLifetime
{
    private const string Redacted = "__OPENCLAW_REDACTED__";

    private FakeOpenAiUpstream _upstream = null!;
    private KestrelGateway _gateway = null!;
    private WsTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        var otherProvider = $$"""
            other: {
              baseUrl: '{{_upstream.BaseUrl}}', apiKey: 'other-secret-key', api: 'openai-completions',
              models: [{ id: 'other-model', name: 'Other Model', reasoning: true, input: ['text'], contextWindow: 64000, maxTokens: 1024 }],
            },
            """;
        _gateway = await WsGateway.StartAsync(TestConfigs.Upstream(_upstream.BaseUrl, extraProviders: otherProvider));
        _client = await WsTestClient.ConnectedAsync(_gateway);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Health_ReturnsTheHealthSummary()
    {
        var health = await _client.CallAsync("health");

        health.ShouldHaveKeysInOrder("ok", "ts", "durationMs", "channels", "channelOrder", "channelLabels", "heartbeatSeconds", "defaultAgentId", "agents", "sessions");
        health.Bool("ok").Should().BeTrue();
        health.GetProperty("channels").GetRawText().Should().Be("{}");
        health.GetProperty("channelOrder").GetRawText().Should().Be("[]");
        health.GetProperty("channelLabels").GetRawText().Should().Be("{}");
        health.Str("defaultAgentId").Should().Be("main");
        health.Keys().Should().NotContain(["plugins", "configReload", "modelRuntime", "eventLoop"]);
        var agents = health.Items("agents");
        agents.Select(a => a.Str("agentId")).Should().Equal("main", "beta");
        agents[0].ShouldHaveKeysInOrder("agentId", "name", "isDefault", "heartbeat", "sessions");
        agents[0].Bool("isDefault").Should().BeTrue();
        agents[1].Bool("isDefault").Should().BeFalse();
        agents[0].GetProperty("sessions").ShouldHaveKeysInOrder("path", "count", "recent");
        health.GetProperty("sessions").ShouldHaveKeysInOrder("path", "count", "recent");
    }

    [Fact]
    public async Task HealthAndStatus_ReportHeartbeatsAsDisabled()
    {
        var health = await _client.CallAsync("health");
        var status = await _client.CallAsync("status");

        health.Items("agents")[0].GetProperty("heartbeat").GetRawText().Should().Be("""{"enabled":false,"every":"disabled","everyMs":null}""");
        status.GetProperty("heartbeat").Items("agents").Select(a => a.GetRawText()).Should().Equal(
            """{"agentId":"main","enabled":false,"every":"disabled","everyMs":null}""",
            """{"agentId":"beta","enabled":false,"every":"disabled","everyMs":null}""");
    }

    [Fact]
    public async Task HealthAndStatus_ReportTheRunQueue()
    {
        var health = await _client.CallAsync("health", """{"probe":true}""");
        var status = await _client.CallAsync("status");

        health.GetProperty("runs").GetRawText().Should().Be("""{"active":0,"queued":0}""");
        status.GetProperty("runs").GetRawText().Should().Be("""{"active":0,"queued":0}""");
    }

    [Fact]
    public async Task Health_Probe_ReportsAFreshSummary_WithRecentSessions()
    {
        // Arrange
        await using var gateway = await WsGateway.StartAsync();
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        await gateway.HttpChatAsync("healthcheck", "hi");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Act
        var health = await client.CallAsync("health", """{"probe":true}""");

        // Assert
        health.Long("ts").Should().BeGreaterThanOrEqualTo(before - 50, "probe:true re-probes");
        var sessions = health.GetProperty("sessions");
        sessions.Long("count").Should().BeGreaterThanOrEqualTo(1);
        var recent = sessions.Items("recent");
        recent.Count.Should().BeLessThanOrEqualTo(5);
        var entry = recent.Single(r => r.Str("key") == "agent:main:openai-user:healthcheck");
        entry.Long("age").Should().Be(health.Long("ts") - entry.Long("updatedAt"));
        sessions.Str("path").Should().NotContain(TestConfigs.Token);
    }

    [Fact]
    public async Task ConfigGet_RedactsSecrets_AndHashesTheFile()
    {
        // Arrange
        var fileBytes = await File.ReadAllBytesAsync(_gateway.ConfigPath);
        var expectedHash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(fileBytes));

        // Act
        var response = await _client.RequestAsync("config.get");

        // Assert
        response.Bool("ok").Should().BeTrue(response.GetRawText());
        var wire = response.GetRawText();
        wire.Should().NotContain(TestConfigs.Token).And.NotContain("mock-local").And.NotContain("other-secret-key");
        var config = response.GetProperty("payload");
        config.ShouldHaveKeysInOrder("path", "exists", "raw", "parsed", "valid", "config", "hash", "issues", "warnings", "legacyIssues");
        config.Str("path").Should().Be(_gateway.ConfigPath);
        config.Bool("exists").Should().BeTrue();
        config.Bool("valid").Should().BeTrue();
        config.Str("raw").Should().Contain(Redacted);
        config.GetProperty("config").GetProperty("gateway").GetProperty("auth").Str("token").Should().Be(Redacted);
        config.GetProperty("config").GetProperty("models").GetProperty("providers").GetProperty("mock").Str("apiKey").Should().Be(Redacted);
        config.GetProperty("config").GetProperty("models").GetProperty("providers").GetProperty("other").Str("apiKey").Should().Be(Redacted);
        config.GetProperty("parsed").GetProperty("gateway").GetProperty("auth").Str("token").Should().Be(Redacted);
        config.GetProperty("config").GetProperty("models").GetProperty("providers").GetProperty("mock").Str("baseUrl")
            .Should().Be(_upstream.BaseUrl.AbsoluteUri.TrimEnd('/'), "only secret-bearing values are redacted");
        config.Str("hash").Should().Be(expectedHash);
        config.GetProperty("issues").GetRawText().Should().Be("[]");
        config.GetProperty("warnings").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Array, "warnings depend on the file (update: is ignored here)");
        config.GetProperty("legacyIssues").GetRawText().Should().Be("[]");
    }

    [Fact]
    public async Task ConfigGet_ConfigIsTheEffectiveConfig_WithSubstitutedValuesHidden()
    {
        await using var gateway = await WsGateway.StartAsync($$"""
            {
              env: { WS_PROTOCOL_TEST_AGENT_NAME: 'Substituted Name' },
              gateway: { auth: { mode: 'token', token: '{{TestConfigs.Token}}' } },
              agents: { entries: { main: { name: '${WS_PROTOCOL_TEST_AGENT_NAME}' }, beta: { name: 'Plain $${NOT_A_VAR}' } } },
            }
            """);
        await using var client = await WsTestClient.ConnectedAsync(gateway);

        var config = await client.CallAsync("config.get");

        config.Str("raw").Should().Contain("${WS_PROTOCOL_TEST_AGENT_NAME}", "raw is the file text");
        var entries = config.GetProperty("config").GetProperty("agents").GetProperty("entries");
        entries.GetProperty("main").Str("name").Should().Be(Redacted, "a value substituted from a variable may be a secret");
        entries.GetProperty("beta").Str("name").Should().Be("Plain ${NOT_A_VAR}", "the effective config has the escape resolved, and nothing was substituted");
        (await client.CallAsync("agents.list")).Items("agents")[0].Str("name").Should().Be("Substituted Name");
    }

    [Fact]
    public async Task ConfigGet_HidesEnvValues_DotEnvValues_UrlUserInfo_AndStringsHoldingASecret()
    {
        // Arrange: an env block, a .env file in the state directory, a URL with user info, a secret inside another string.
        var stateDir = Directory.CreateTempSubdirectory("openclaw-redact-").FullName;
        await File.WriteAllTextAsync(Path.Combine(stateDir, ".env"), "WS_REDACT_TEST_DATABASE_URL=postgres://app:dbpass-ws@db/x\n");
        try
        {
            await using var gateway = await KestrelGateway.StartAsync(
                $$"""
                {
                  env: { WS_REDACT_TEST_OPENROUTER_KEY: 'sk-or-v1-wsredact', vars: { WS_REDACT_TEST_GITHUB_PAT: 'ghp_wsredact123' } },
                  gateway: { auth: { mode: 'token', token: '{{TestConfigs.Token}}' } },
                  agents: { entries: { main: { name: '${WS_REDACT_TEST_DATABASE_URL}' }, beta: { name: 'uses sk-or-v1-wsredact' } } },
                  models: { providers: { other: {
                    baseUrl: 'https://user:hunter2-pass@other.invalid/v1', api: 'openai-completions',
                    models: [{ id: 'm', name: 'M', reasoning: false, input: ['text'], contextWindow: 1000, maxTokens: 100 }],
                  } } },
                }
                """,
                stateDir: stateDir);
            await using var client = await WsTestClient.ConnectedAsync(gateway);

            // Act
            var response = await client.RequestAsync("config.get");

            // Assert
            var wire = response.GetRawText();
            foreach (var secret in new[] { "sk-or-v1-wsredact", "ghp_wsredact123", "dbpass-ws", "hunter2-pass" })
            {
                wire.Should().NotContain(secret);
            }

            var payload = response.GetProperty("payload");
            foreach (var view in new[] { "parsed", "config" })
            {
                var env = payload.GetProperty(view).GetProperty("env");
                env.Str("WS_REDACT_TEST_OPENROUTER_KEY").Should().Be(Redacted, view);
                env.GetProperty("vars").Str("WS_REDACT_TEST_GITHUB_PAT").Should().Be(Redacted, view);
                payload.GetProperty(view).GetProperty("models").GetProperty("providers").GetProperty("other").Str("baseUrl")
                    .Should().Be($"https://{Redacted}@other.invalid/v1", view);
                payload.GetProperty(view).GetProperty("agents").GetProperty("entries").GetProperty("beta").Str("name").Should().Be(Redacted, view);
            }

            payload.GetProperty("config").GetProperty("agents").GetProperty("entries").GetProperty("main").Str("name").Should().Be(Redacted);
            payload.Str("raw").Should().Contain("${WS_REDACT_TEST_DATABASE_URL}").And.Contain($"WS_REDACT_TEST_OPENROUTER_KEY: \"{Redacted}\"");
        }
        finally
        {
            GatewayFactory.TryDelete(stateDir);
        }
    }

    [Fact]
    public async Task ConfigGet_FileThatDoesNotParse_HasNoRawText_AndSaysWhy()
    {
        // Arrange: the file mid-edit. Its env and header values, an escaped key and a short secret cannot be found by
        // structure, and an unterminated string would hide where values end: nothing of it is shown (as the original).
        await File.WriteAllTextAsync(_gateway.ConfigPath, """
            { env: { PIN: 4321, NAME: 'envvalue' }, models: { providers: { p: { headers: { 'X-Foo': 'hdrvalue' } } } },
              "\u0074oken": "escapedsecret", gateway: { auth: { token: 'Qwzxy', note: 'half-typed
            """);

        // Act
        var response = await _client.RequestAsync("config.get");

        // Assert
        var wire = response.GetRawText();
        foreach (var secret in new[] { "4321", "envvalue", "hdrvalue", "escapedsecret", "Qwzxy", "half-typed" })
        {
            wire.Should().NotContain(secret);
        }

        var payload = response.GetProperty("payload");
        payload.Bool("valid").Should().BeFalse();
        payload.GetProperty("raw").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        payload.GetProperty("parsed").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        var issue = payload.Items("issues").Single();
        issue.Str("path").Should().Be("");
        issue.Str("message").Should().StartWith("JSON5 parse failed: JSON5 syntax error at line 2");
    }

    [Fact]
    public async Task ConfigGet_HidesNonStringValuesUnderEnv_InEveryView()
    {
        await using var gateway = await WsGateway.StartAsync($$"""
            {
              env: { WS_PIN: 987654, vars: { WS_FLAG: true, WS_LIST: [ 13579, { n: 24680 } ] } },
              gateway: { port: 18789, auth: { mode: 'token', token: '{{TestConfigs.Token}}' } },
            }
            """);
        await using var client = await WsTestClient.ConnectedAsync(gateway);

        var response = await client.RequestAsync("config.get");

        var wire = response.GetRawText();
        foreach (var secret in new[] { "987654", "13579", "24680" })
        {
            wire.Should().NotContain(secret);
        }

        var payload = response.GetProperty("payload");
        foreach (var view in new[] { "parsed", "config" })
        {
            var env = payload.GetProperty(view).GetProperty("env");
            env.Str("WS_PIN").Should().Be(Redacted, view);
            env.GetProperty("vars").Str("WS_FLAG").Should().Be(Redacted, view);
            env.GetProperty("vars").GetProperty("WS_LIST")[1].Str("n").Should().Be(Redacted, view);
            payload.GetProperty(view).GetProperty("gateway").Long("port").Should().Be(18789, "only values under env are hidden");
        }

        payload.Str("raw").Should().Contain($"WS_PIN: \"{Redacted}\"").And.Contain($"WS_FLAG: \"{Redacted}\"").And.Contain("port: 18789");
    }

    [Fact]
    public async Task AgentsList_ListsTheConfiguredAgents()
    {
        var agents = await _client.CallAsync("agents.list");

        agents.ShouldHaveKeysInOrder("defaultId", "mainKey", "scope", "agents");
        agents.Str("defaultId").Should().Be("main");
        agents.Str("mainKey").Should().Be("main");
        agents.Str("scope").Should().Be("per-sender");
        var list = agents.Items("agents");
        list.Select(a => a.Str("id")).Should().Equal("main", "beta");
        list.Select(a => a.Str("name")).Should().Equal("main", "beta");
        list.ForEach(a => a.ShouldHaveKeysInOrder("id", "name", "workspace", "model"));
        list.Should().OnlyContain(a => !string.IsNullOrEmpty(a.Str("workspace")));
        list.Select(a => a.GetProperty("model").Str("primary")).Should().Equal("mock/mock-model", "mock/mock-model");
    }

    [Fact]
    public async Task AgentsList_IncludesTheIdentity_WhenConfigured()
    {
        await using var gateway = await WsGateway.StartAsync($$"""
            {
              gateway: { auth: { mode: 'token', token: '{{TestConfigs.Token}}' } },
              agents: { entries: { main: { name: 'Main', identity: { name: 'Samantha', emoji: '🦥' } }, beta: { name: 'Beta' } } },
            }
            """);
        await using var client = await WsTestClient.ConnectedAsync(gateway);

        var agents = (await client.CallAsync("agents.list")).Items("agents");

        var main = agents.Single(a => a.Str("id") == "main");
        main.Has("identity").Should().BeTrue($"identity is included when configured (§6.10), got {main.GetRawText()}");
        var identity = main.GetProperty("identity");
        identity.Str("name").Should().Be("Samantha");
        identity.Str("emoji").Should().Be("🦥");
        agents.Single(a => a.Str("id") == "beta").Has("identity").Should().BeFalse();
    }

    [Fact]
    public async Task ModelsList_ListsEveryModelOfEveryProvider_InConfigOrder()
    {
        var models = (await _client.CallAsync("models.list")).Items("models");

        models.Select(m => m.Str("id")).Should().Equal("mock-model", "other-model");
        models.ForEach(m => m.ShouldHaveKeysInOrder("id", "name", "provider", "contextWindow", "reasoning", "available"));
        models[0].Str("name").Should().Be("Mock Model");
        models[0].Str("provider").Should().Be("mock");
        models[0].Long("contextWindow").Should().Be(128_000);
        models[0].Bool("reasoning").Should().BeFalse();
        models[0].Bool("available").Should().NotBeNull();
        models[1].Str("name").Should().Be("Other Model");
        models[1].Str("provider").Should().Be("other");
        models[1].Long("contextWindow").Should().Be(64_000);
        models[1].Bool("reasoning").Should().BeTrue();
    }
}

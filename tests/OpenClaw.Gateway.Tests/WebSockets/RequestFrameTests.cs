using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>Request framing, dispatch errors and scopes after the handshake (gateway-protocol.md §2, §4.1, §4.2, §8 item 4).</summary>
public sealed class RequestFrameTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await WsGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"req\"")]
    [InlineData("""{"type":"event","event":"x"}""")]
    [InlineData("""{"type":"req","method":"health"}""")]
    public async Task InvalidFrame_IsInvalidRequestFrame_WithIdInvalid_AndTheConnectionStaysOpen(string frame)
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        await client.SendAsync(frame);
        var response = await client.ResponseAsync("invalid");
        var health = await client.CallAsync("health");

        // Assert
        response.GetRawText().Should().Be("""{"type":"res","id":"invalid","ok":false,"error":{"code":"INVALID_REQUEST","message":"invalid request frame"}}""");
        health.Bool("ok").Should().BeTrue("the connection stays open");
        client.IsClosed.Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"type":"req","id":"abc"}""")]
    [InlineData("""{"type":"req","id":"abc","method":""}""")]
    [InlineData("""{"type":"req","id":"abc","method":42}""")]
    public async Task InvalidReq_WithAnId_IsAnsweredUnderThatId(string frame)
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        await client.SendAsync(frame);
        var response = await client.ResponseAsync("abc");

        response.GetRawText().Should().Be("""{"type":"res","id":"abc","ok":false,"error":{"code":"INVALID_REQUEST","message":"invalid request frame"}}""");
        (await client.CallAsync("health")).Bool("ok").Should().BeTrue();
    }

    [Fact]
    public async Task SecondConnect_IsAlreadyConnected_AndTheConnectionStaysOpen()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync("connect", WsTestClient.ConnectParams().ToJsonString());

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("already connected");
        (await client.CallAsync("health")).Bool("ok").Should().BeTrue();
    }

    [Fact]
    public async Task UnknownMethod_IsUnknownMethodWithItsName()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync("x");

        response.GetRawText().Should().StartWith("""{"type":"res","id":""");
        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("unknown method: x");
    }

    [Fact]
    public async Task Response_CarriesTheRequestId_AndTypeComesFirst()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var id = await client.SendRequestAsync("health", "{}", id: "my-id-42");
        var response = await client.ResponseAsync(id);

        response.Keys().Should().StartWith(["type", "id", "ok"]);
        response.Str("id").Should().Be("my-id-42");
        response.Keys().Should().NotContain("error", "a success carries no error key");
    }

    [Fact]
    public async Task ReadOnlyConnection_CallingAgent_IsMissingScopeWrite()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.read"]);

        var response = await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"k-scope"}""");

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("missing scope: operator.write");
    }

    [Fact]
    public async Task ReadOnlyConnection_MissingScope_IsCheckedBeforeParams()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.read"]);

        var response = await client.RequestAsync("agent", "{}");

        response.Error().Str("message").Should().Be("missing scope: operator.write", "authorization runs before params validation (§4.1)");
    }

    [Theory]
    [InlineData("config.get", "{}")]
    [InlineData("sessions.patch", """{"key":"agent:main:main","label":"x"}""")]
    [InlineData("sessions.reset", """{"key":"agent:main:main"}""")]
    [InlineData("sessions.delete", """{"key":"agent:main:other"}""")]
    public async Task WriteConnection_CallingAnAdminMethod_IsMissingScopeAdmin(string method, string parameters)
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.read", "operator.write"]);

        var response = await client.RequestAsync(method, parameters);

        response.Error().Str("message").Should().Be("missing scope: operator.admin");
    }

    [Theory]
    [InlineData("health")]
    [InlineData("status")]
    [InlineData("sessions.list")]
    [InlineData("agents.list")]
    [InlineData("models.list")]
    public async Task WriteScope_SatisfiesReadMethods(string method)
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.write"]);

        var response = await client.RequestAsync(method);

        response.Bool("ok").Should().BeTrue($"operator.write satisfies operator.read, got {response.GetRawText()}");
    }

    [Fact]
    public async Task AdminScope_SatisfiesWriteMethods()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.admin"]);

        var response = await client.RequestAsync("chat.send", """{"sessionKey":"admin-only","message":"hi","idempotencyKey":"k-admin"}""");

        response.Bool("ok").Should().BeTrue(response.GetRawText());
    }

    [Fact]
    public async Task UnrelatedScope_CannotRead()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.approvals"]);

        var response = await client.RequestAsync("health");

        response.Error().Str("message").Should().Be("missing scope: operator.read");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"message":"hi"}""")]
    [InlineData("""{"idempotencyKey":"k1"}""")]
    [InlineData("""{"message":42,"idempotencyKey":"k1"}""")]
    [InlineData("""{"message":"hi","idempotencyKey":""}""")]
    [InlineData("""{"message":"","idempotencyKey":"k-empty"}""")]
    [InlineData("""{"message":"hi","idempotencyKey":"k1","thinking":"enormous"}""")]
    public async Task Agent_InvalidParams_IsInvalidAgentParams(string parameters)
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var id = await client.SendRequestAsync("agent", parameters);
        var response = await client.ResponseAsync(id);

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().StartWith("invalid agent params: ");
        await client.AssertNoFrameAsync(f => f.Str("type") == "res" && f.Str("id") == id && f.Bool("ok") == true, TimeSpan.FromMilliseconds(300),
            "a validation failure is a single response (§4.4)");
    }

    [Fact]
    public async Task Agent_UnknownAgentId_IsRejected()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"k-unknown","agentId":"nope"}""");

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        // The original prefixes the params error (recorded: "invalid agent params: unknown agent id \"nosuch\"").
        error.Str("message").Should().Be("invalid agent params: unknown agent id \"nope\"");
    }

    [Theory]
    [InlineData("chat.send", """{"sessionKey":"s"}""")]
    [InlineData("chat.history", "{}")]
    [InlineData("sessions.patch", """{"label":"x"}""")]
    [InlineData("agent.wait", "{}")]
    public async Task OtherMethods_InvalidParams_NameTheMethod(string method, string parameters)
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync(method, parameters);

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().StartWith($"invalid {method} params: ");
    }

    [Fact]
    public async Task Requests_MayBeSentBackToBack_AndEachIsAnsweredUnderItsId()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var ids = new List<string>();
        foreach (var method in new[] { "health", "status", "agents.list", "models.list", "sessions.list" })
        {
            ids.Add(await client.SendRequestAsync(method));
        }

        foreach (var id in ids)
        {
            (await client.ResponseAsync(id)).Bool("ok").Should().BeTrue();
        }
    }
}

using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>The challenge, the <c>connect</c> request and its failures (gateway-protocol.md §1, §3, §7, §8 items 1–2).</summary>
public sealed class HandshakeTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await WsGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Open_SendsTheChallengeFirst_WithNonceTsAndCapabilities_AndNoSeq()
    {
        // Arrange
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var client = await WsTestClient.OpenAsync(_gateway);

        // Act
        var challenge = await client.ReceiveAsync();

        // Assert
        challenge.Keys().Should().Equal(["type", "event", "payload"], "the challenge carries no seq (§3.1)");
        challenge.Str("type").Should().Be("event");
        challenge.Str("event").Should().Be("connect.challenge");
        var payload = challenge.GetProperty("payload");
        Guid.TryParse(payload.Str("nonce"), out _).Should().BeTrue("the nonce is a UUID");
        payload.Long("ts").Should().BeInRange(before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
        payload.Strings("capabilities").Should().Equal("model-catalog-snapshot");
    }

    [Fact]
    public async Task Challenge_NonceIsNewPerConnection()
    {
        await using var first = await WsTestClient.OpenAsync(_gateway);
        await using var second = await WsTestClient.OpenAsync(_gateway);

        var a = (await first.ReceiveAsync()).GetProperty("payload").Str("nonce");
        var b = (await second.ReceiveAsync()).GetProperty("payload").Str("nonce");

        a.Should().NotBe(b);
    }

    [Fact]
    public async Task FirstFrameNotConnect_IsRejectedWithTheExactError_AndClose1008()
    {
        // Arrange
        await using var client = await WsTestClient.OpenAsync(_gateway);
        await client.ReceiveAsync();

        // Act
        await client.SendAsync(WsTestClient.RequestText("x", "health", "{}"));
        var response = await client.ResponseAsync("x");
        var (status, reason) = await client.WaitForCloseAsync();

        // Assert: T#91
        response.GetRawText().Should().Be(
            """{"type":"res","id":"x","ok":false,"error":{"code":"INVALID_REQUEST","message":"invalid handshake: first request must be connect"}}""");
        ((int?)status).Should().Be(1008);
        reason.Should().Be("invalid handshake: first request must be connect");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"type":"event","event":"connect"}""")]
    public async Task FirstFrameNotAConnectRequest_IsAnErrorResponse_AndClose1008(string frame)
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        await client.ReceiveAsync();

        await client.SendAsync(frame);
        var response = await client.ReceiveAsync();
        var (status, _) = await client.WaitForCloseAsync();

        response.Str("type").Should().Be("res");
        response.Error().Str("code").Should().Be("INVALID_REQUEST");
        ((int?)status).Should().Be(1008);
    }

    [Theory]
    [InlineData(4, 4, 4)]
    [InlineData(3, 3, 3)]
    [InlineData(3, 4, 4)]
    [InlineData(3, 5, 4)]
    [InlineData(1, 9, 4)]
    public async Task Connect_AcceptsProtocols3And4_AndNegotiatesTheLowerOfMaxAnd4(int min, int max, int expected)
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var hello = await client.ConnectAsync(minProtocol: min, maxProtocol: max);

        hello.Long("protocol").Should().Be(expected);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(5, 9)]
    [InlineData(4, 3)]
    [InlineData(1, 2)]
    public async Task Connect_ProtocolMismatch_IsRejectedWithExpectedProtocol4_AndClose1002(int min, int max)
    {
        // Arrange
        await using var client = await WsTestClient.OpenAsync(_gateway);

        // Act
        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(minProtocol: min, maxProtocol: max));
        var (status, reason) = await client.WaitForCloseAsync();

        // Assert
        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("protocol mismatch");
        error.GetProperty("details").GetRawText().Should().Be("""{"expectedProtocol":4}""");
        ((int?)status).Should().Be(1002);
        reason.Should().Be("protocol mismatch");
    }

    [Fact]
    public async Task Connect_UnknownClientId_IsInvalidConnectParams_AndClose1008()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(clientId: "not-a-known-client"));
        var (status, reason) = await client.WaitForCloseAsync();

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().StartWith("invalid connect params: ");
        ((int?)status).Should().Be(1008);
        reason.Should().StartWith("invalid connect params");
    }

    public static TheoryData<string> BadConnectParams => new()
    {
        """{"minProtocol":4,"maxProtocol":4,"role":"operator","auth":{"token":"test-token-0123456789"}}""",
        """{"minProtocol":"4","maxProtocol":4,"client":{"id":"cli","version":"0.0.1","platform":"linux","mode":"cli"},"auth":{"token":"test-token-0123456789"}}""",
        """{"minProtocol":4,"maxProtocol":4,"client":{"id":"cli","platform":"linux","mode":"cli"},"auth":{"token":"test-token-0123456789"}}""",
        """{"minProtocol":4,"maxProtocol":4,"client":{"id":"cli","version":"0.0.1","platform":"linux","mode":"spaceship"},"auth":{"token":"test-token-0123456789"}}""",
        """{"minProtocol":4,"maxProtocol":4,"client":"cli","auth":{"token":"test-token-0123456789"}}""",
        """{"maxProtocol":4,"client":{"id":"cli","version":"0.0.1","platform":"linux","mode":"cli"},"auth":{"token":"test-token-0123456789"}}""",
    };

    [Theory]
    [MemberData(nameof(BadConnectParams))]
    public async Task Connect_InvalidParams_IsInvalidConnectParams_AndClose1008(string parameters)
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var response = await client.SendConnectAsync(JsonNode.Parse(parameters)!.AsObject());
        var (status, _) = await client.WaitForCloseAsync();

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().StartWith("invalid connect params: ");
        ((int?)status).Should().Be(1008);
    }

    [Fact]
    public async Task Connect_IgnoresTheFieldsItDoesNotUse()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        var parameters = WsTestClient.ConnectParams(caps: ["tool-events"]);
        parameters["client"]!["displayName"] = "My CLI";
        parameters["client"]!["instanceId"] = Guid.NewGuid().ToString();
        parameters["device"] = new JsonObject { ["id"] = "dev-1", ["publicKey"] = "abc", ["signature"] = "sig", ["signedAt"] = 1 };
        parameters["commands"] = new JsonArray("a");
        parameters["permissions"] = new JsonObject { ["x"] = true };
        parameters["pathEnv"] = "/usr/bin";
        parameters["locale"] = "en-US";
        parameters["userAgent"] = "openclaw-cli/0.0.1";

        var response = await client.SendConnectAsync(parameters);

        response.Bool("ok").Should().BeTrue(response.GetRawText());
    }

    [Fact]
    public async Task CloseReason_IsTruncatedTo123Utf8Bytes()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        await client.SendConnectAsync(WsTestClient.ConnectParams(clientId: new string('é', 200)));
        var (status, reason) = await client.WaitForCloseAsync();

        ((int?)status).Should().Be(1008, "a long error message still closes cleanly");
        Encoding.UTF8.GetByteCount(reason!).Should().BeLessThanOrEqualTo(123);
        reason.Should().StartWith("invalid connect params");
    }

    [Fact]
    public async Task Connect_WithoutRole_IsAnOperator()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(role: null));

        response.Bool("ok").Should().BeTrue(response.GetRawText());
        response.GetProperty("payload").GetProperty("auth").Str("role").Should().Be("operator");
    }

    [Fact]
    public async Task Connect_WithoutAuthObject_IsNotPaired()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        var parameters = WsTestClient.ConnectParams();
        parameters.Remove("auth");

        var response = await client.SendConnectAsync(parameters);

        response.Error().Str("code").Should().Be("NOT_PAIRED");
    }

    [Fact]
    public async Task Connect_RoleNode_IsInvalidRole_AndClose1008()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(role: "node"));
        var (status, reason) = await client.WaitForCloseAsync();

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("invalid role");
        ((int?)status).Should().Be(1008);
        reason.Should().Be("invalid role");
    }

    [Fact]
    public async Task Connect_WrongToken_IsTheExactMismatchError_AndClose1008WithTheMessage()
    {
        // Arrange
        const string message = "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)";
        await using var client = await WsTestClient.OpenAsync(_gateway);

        // Act
        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(token: "wrong-token-0123456789"), id: "1");
        var (status, reason) = await client.WaitForCloseAsync();

        // Assert: T#89
        response.GetRawText().Should().Be(
            """{"type":"res","id":"1","ok":false,"error":{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)","details":{"code":"AUTH_TOKEN_MISMATCH","authReason":"token_mismatch","canRetryWithDeviceToken":false,"recommendedNextStep":"update_auth_credentials"}}}""");
        ((int?)status).Should().Be(1008);
        reason.Should().Be(WsJson.TruncateUtf8(message));
    }

    [Fact]
    public async Task Connect_NoCredential_IsNotPaired_AndClose1008()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(token: null), id: "1");
        var (status, reason) = await client.WaitForCloseAsync();

        // T#90
        response.GetRawText().Should().Be(
            """{"type":"res","id":"1","ok":false,"error":{"code":"NOT_PAIRED","message":"device identity required","details":{"code":"DEVICE_IDENTITY_REQUIRED"}}}""");
        ((int?)status).Should().Be(1008);
        reason.Should().Be("device identity required");
    }

    [Fact]
    public async Task Connect_DeviceTokenAlone_IsNoCredential()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        var parameters = WsTestClient.ConnectParams(token: null);
        parameters["auth"] = new JsonObject { ["deviceToken"] = TestConfigs.Token };

        var response = await client.SendConnectAsync(parameters);

        response.Error().Str("code").Should().Be("NOT_PAIRED");
    }

    [Fact]
    public async Task Handshake_NotCompletedInTime_IsClosed1008HandshakeTimeout()
    {
        // Arrange
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.EchoOnly, (WsGateway.HandshakeTimeout, "500"));
        await using var client = await WsTestClient.OpenAsync(gateway);
        await client.ReceiveAsync();
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(500));

        // Act: the deadline closes on the clock's time, not before.
        clock.Advance(TimeSpan.FromMilliseconds(499));
        var closedEarly = client.IsClosed;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var (status, reason) = await client.WaitForCloseAsync(TimeSpan.FromSeconds(5));

        // Assert
        closedEarly.Should().BeFalse();
        ((int?)status).Should().Be(1008);
        reason.Should().Be("handshake timeout");
    }

    [Fact]
    public async Task Handshake_CompletedInTime_IsNotClosedByTheDeadline()
    {
        // Arrange
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.EchoOnly, (WsGateway.HandshakeTimeout, "500"));
        await using var client = await WsTestClient.OpenAsync(gateway);
        await client.ConnectAsync();

        // Act: the deadline's time passes twice over after the connect.
        clock.Advance(TimeSpan.FromMilliseconds(1000));

        // Assert
        clock.ArmedCount(TimeSpan.FromMilliseconds(500)).Should().Be(1, "the deadline was armed");
        (await client.CallAsync("health")).Bool("ok").Should().BeTrue();
        client.IsClosed.Should().BeFalse();
    }

    [Fact]
    public async Task PreConnectFrame_LargerThan64KiB_IsClosed1009()
    {
        // Arrange
        await using var client = await WsTestClient.OpenAsync(_gateway);
        await client.ReceiveAsync();
        var padding = new string('a', 70_000);

        // Act
        try
        {
            await client.SendAsync(WsTestClient.RequestText("1", "connect", $$"""{"pad":"{{padding}}"}"""));
        }
        catch (WebSocketException)
        {
            // The server may close while the frame is still being written.
        }

        var (status, _) = await client.WaitForCloseAsync();

        // Assert
        ((int?)status).Should().Be(1009);
    }

    [Fact]
    public async Task PostConnectFrame_AboveMaxPayload_IsClosed1009_ButAHandshakeSizedFrameIsFine()
    {
        // Arrange: a small max payload so the test need not send 25 MiB.
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, (WsGateway.MaxPayload, "200000"));
        await using var client = await WsTestClient.OpenAsync(gateway);
        await client.ConnectAsync();
        var fine = await client.RequestAsync("health", $$"""{"pad":"{{new string('a', 100_000)}}"}""");

        // Act
        try
        {
            await client.SendAsync(WsTestClient.RequestText("big", "health", $$"""{"pad":"{{new string('a', 300_000)}}"}"""));
        }
        catch (WebSocketException)
        {
        }

        var (status, _) = await client.WaitForCloseAsync();

        // Assert: 100 000 bytes is over the pre-connect limit but under maxPayload, so it got an answer.
        fine.Str("type").Should().Be("res");
        ((int?)status).Should().Be(1009);
    }

    [Fact]
    public async Task BinaryFrame_IsClosed1003()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        await client.ConnectAsync();

        await client.SendRawAsync(Encoding.UTF8.GetBytes(WsTestClient.RequestText("b", "health", "{}")), WebSocketMessageType.Binary);
        var (status, _) = await client.WaitForCloseAsync();

        ((int?)status).Should().Be(1003);
    }

    [Fact]
    public async Task BinaryFrame_BeforeConnect_IsClosed1003()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        await client.ReceiveAsync();

        await client.SendRawAsync(Encoding.UTF8.GetBytes("{}"), WebSocketMessageType.Binary);
        var (status, _) = await client.WaitForCloseAsync();

        ((int?)status).Should().Be(1003);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/some/path")]
    [InlineData("/v1/chat/completions")]
    public async Task Upgrade_IsAcceptedOnAnyPath(string path)
    {
        await using var client = await WsTestClient.OpenAsync(_gateway, path);

        var hello = await client.ConnectAsync();

        hello.Str("type").Should().Be("hello-ok");
        (await client.CallAsync("health")).Bool("ok").Should().BeTrue();
    }

    [Fact]
    public async Task PasswordMode_CorrectPassword_Connects_WrongPassword_IsPasswordMismatch()
    {
        // Arrange
        await using var gateway = await WsGateway.StartAsync("""{ gateway: { auth: { mode: 'password', password: 'correct horse battery' } } }""");
        await using var good = await WsTestClient.OpenAsync(gateway);
        await using var bad = await WsTestClient.OpenAsync(gateway);

        // Act
        var hello = await good.ConnectAsync(token: null, password: "correct horse battery");
        var response = await bad.SendConnectAsync(WsTestClient.ConnectParams(token: null, password: "wrong horse"));
        var (status, reason) = await bad.WaitForCloseAsync();

        // Assert
        hello.GetProperty("auth").Str("method").Should().Be("password");
        hello.GetProperty("snapshot").Str("authMode").Should().Be("password");
        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("unauthorized: gateway password mismatch (use this gateway's gateway.auth.password or pair the device)");
        error.GetProperty("details").Str("code").Should().Be("AUTH_PASSWORD_MISMATCH");
        error.GetProperty("details").Str("authReason").Should().Be("password_mismatch");
        ((int?)status).Should().Be(1008);
        reason.Should().Be(WsJson.TruncateUtf8(error.Str("message")!));
    }

    [Fact]
    public async Task PasswordMode_NoCredential_IsNotPaired()
    {
        await using var gateway = await WsGateway.StartAsync("""{ gateway: { auth: { mode: 'password', password: 'correct horse battery' } } }""");
        await using var client = await WsTestClient.OpenAsync(gateway);

        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(token: null));

        response.Error().Str("code").Should().Be("NOT_PAIRED");
    }

    [Fact]
    public async Task AuthNone_ConnectsWithoutCredentials()
    {
        await using var gateway = await WsGateway.StartAsync("""{ gateway: { auth: { mode: 'none' } } }""");
        await using var client = await WsTestClient.OpenAsync(gateway);

        var hello = await client.ConnectAsync(token: null);

        hello.GetProperty("auth").Str("method").Should().Be("none");
        hello.GetProperty("snapshot").Str("authMode").Should().Be("none");
        hello.GetProperty("auth").Strings("scopes").Should().BeEquivalentTo(WsJson.AllOperatorScopes);
    }

    [Fact]
    public async Task LockedLimiter_IsRateLimited_WithRetryAfter()
    {
        // Arrange: one failure locks; loopback is not exempt.
        await using var gateway = await WsGateway.StartAsync($$"""
            { gateway: { auth: { mode: 'token', token: '{{TestConfigs.Token}}', rateLimit: { maxAttempts: 1, exemptLoopback: false } } } }
            """);
        await using (var first = await WsTestClient.OpenAsync(gateway))
        {
            (await first.SendConnectAsync(WsTestClient.ConnectParams(token: "wrong-token-0123456789"))).Error().Str("code").Should().Be("INVALID_REQUEST");
        }

        await using var second = await WsTestClient.OpenAsync(gateway);

        // Act
        var response = await second.SendConnectAsync(WsTestClient.ConnectParams());
        var (status, _) = await second.WaitForCloseAsync();

        // Assert
        var error = response.Error();
        error.Str("code").Should().Be("RATE_LIMITED");
        error.Str("message").Should().Be("unauthorized: too many failed authentication attempts");
        error.Bool("retryable").Should().BeTrue();
        error.Long("retryAfterMs").Should().BePositive();
        ((int?)status).Should().Be(1008);
    }

    [Fact]
    public async Task BrowserClient_ForeignOrigin_IsOriginNotAllowed_AndClose1008()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway, origin: "https://evil.example");

        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(clientId: "webchat", mode: "webchat"));
        var (status, reason) = await client.WaitForCloseAsync();

        var error = response.Error();
        error.Str("code").Should().Be("INVALID_REQUEST");
        error.Str("message").Should().Be("origin not allowed");
        ((int?)status).Should().Be(1008);
        reason.Should().Be("origin not allowed");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}")]
    [InlineData("http://localhost:{0}")]
    [InlineData("http://[::1]:5173")]
    public async Task BrowserClient_LoopbackOriginFromLoopback_IsAllowed(string origin)
    {
        await using var client = await WsTestClient.OpenAsync(_gateway, origin: string.Format(System.Globalization.CultureInfo.InvariantCulture, origin, _gateway.BaseAddress.Port));

        var hello = await client.ConnectAsync(clientId: "openclaw-control-ui", mode: "ui");

        hello.Str("type").Should().Be("hello-ok");
    }

    [Fact]
    public async Task BrowserClient_WithoutOrigin_IsAllowed()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);

        var hello = await client.ConnectAsync(clientId: "webchat", mode: "webchat");

        hello.Str("type").Should().Be("hello-ok");
    }

    [Fact]
    public async Task BrowserClient_ConfiguredOrigin_IsAllowed()
    {
        await using var gateway = await WsGateway.StartAsync($$"""
            { gateway: { auth: { mode: 'token', token: '{{TestConfigs.Token}}' }, controlUi: { allowedOrigins: ['https://ui.example'] } } }
            """);
        await using var client = await WsTestClient.OpenAsync(gateway, origin: "https://ui.example");

        var hello = await client.ConnectAsync(clientId: "webchat-ui", mode: "webchat");

        hello.Str("type").Should().Be("hello-ok");
    }

    [Theory]
    [InlineData("cli")]
    [InlineData("gateway-client")]
    [InlineData("test")]
    public async Task AnyClient_WithForeignOrigin_IsRefused_EvenWithoutAuth(string clientId)
    {
        // Arrange: with auth none, a page on any site the user visits could otherwise drive the agent by claiming
        // to be the CLI.
        await using var gateway = await WsGateway.StartAsync("{ gateway: { auth: { mode: 'none' } } }");
        await using var client = await WsTestClient.OpenAsync(gateway, origin: "http://evil.example");

        // Act
        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(clientId: clientId, mode: "cli"));
        var (status, reason) = await client.WaitForCloseAsync();

        // Assert
        response.Error().Str("message").Should().Be("origin not allowed");
        ((int?)status).Should().Be(1008);
        reason.Should().Be("origin not allowed");
    }

    [Fact]
    public async Task AnyClient_WithForeignOrigin_IsRefused_EvenWithTheRightToken()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway, origin: "http://evil.example");

        var response = await client.SendConnectAsync(WsTestClient.ConnectParams(clientId: "cli", mode: "cli"));
        var (status, _) = await client.WaitForCloseAsync();

        response.Error().Str("message").Should().Be("origin not allowed");
        ((int?)status).Should().Be(1008);
    }

    [Fact]
    public async Task NonBrowserClient_WithoutOrigin_IsNotOriginChecked()
    {
        await using var gateway = await WsGateway.StartAsync("{ gateway: { auth: { mode: 'none' } } }");
        await using var client = await WsTestClient.OpenAsync(gateway);

        var hello = await client.ConnectAsync(clientId: "cli", mode: "cli");

        hello.Str("type").Should().Be("hello-ok");
    }
}

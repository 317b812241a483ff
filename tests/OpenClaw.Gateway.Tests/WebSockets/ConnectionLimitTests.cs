using System.Net;
using System.Net.WebSockets;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>Bounded work per caller on the control plane: open sockets, sockets in their handshake, requests in flight.</summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task ASocketBeyondMaxConnections_IsRefusedBeforeTheUpgrade_With503AndRetryAfter()
    {
        // Arrange
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, ("OpenClaw:WebSocket:MaxConnections", "2"));
        await using var first = await WsTestClient.ConnectedAsync(gateway);
        await using var second = await WsTestClient.ConnectedAsync(gateway);

        // Act
        var (status, headers, body) = await RefusedUpgradeAsync(gateway);

        // Assert
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        headers["Retry-After"].Should().Equal("1");
        body.Should().Be("""{"error":{"message":"too many WebSocket connections (limit 2)","type":"service_unavailable","code":"too_many_connections"}}""");
        (await first.CallAsync("health")).GetProperty("ok").GetBoolean().Should().BeTrue("open sockets are not disturbed");
    }

    [Fact]
    public async Task ASocketBeyondMaxPreAuthConnections_IsRefused_ButAnAuthenticatedOneFreesItsPlace()
    {
        // Arrange: one socket sits in its handshake.
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, ("OpenClaw:WebSocket:MaxPreAuthConnections", "1"));
        await using var idle = await WsTestClient.OpenAsync(gateway);

        // Act
        var (status, _, body) = await RefusedUpgradeAsync(gateway);
        await idle.ConnectAsync();
        await using var next = await WsTestClient.ConnectedAsync(gateway);

        // Assert
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.Should().Contain("too many WebSocket connections awaiting connect (limit 1)");
        (await next.CallAsync("health")).GetProperty("ok").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task OneRemoteClient_CannotTakeEveryHandshakeSlot()
    {
        // Arrange: behind a trusted proxy on loopback, 203.0.113.7 holds its one pending handshake.
        await using var gateway = await WsGateway.StartAsync(
            $$"""{ gateway: { trustedProxies: ['127.0.0.1', '::1'], auth: { mode: 'token', token: '{{TestConfigs.Token}}' } } }""",
            ("OpenClaw:WebSocket:MaxPreAuthConnectionsPerClient", "1"));
        using var pending = new ClientWebSocket();
        pending.Options.SetRequestHeader("X-Forwarded-For", "203.0.113.7");
        using var timeout = new CancellationTokenSource(WsTestClient.DefaultTimeout);
        await pending.ConnectAsync(WsTestClient.UriFor(gateway), timeout.Token);

        // Act
        var (status, _, body) = await RefusedUpgradeAsync(gateway, forwardedFor: "203.0.113.7");
        await using var local = await WsTestClient.ConnectedAsync(gateway);

        // Assert
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.Should().Contain("too many WebSocket connections awaiting connect from this client (limit 1)");
        (await local.CallAsync("health")).GetProperty("ok").GetBoolean().Should().BeTrue("other clients still get in");
    }

    [Fact]
    public async Task ARequestBeyondMaxInFlight_GetsARetryableError_AndTheConnectionStaysUsable()
    {
        // Arrange: one request may be unanswered; agent.wait for a run that has not started stays unanswered.
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, ("OpenClaw:WebSocket:MaxInFlightRequestsPerConnection", "1"));
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        await using var other = await WsTestClient.ConnectedAsync(gateway);
        var waitId = await client.SendRequestAsync("agent.wait", """{"runId":"cap-1","timeoutMs":30000}""");

        // Act
        var refused = await client.RequestAsync("health");
        await other.RequestAsync("agent", """{"message":"hi","idempotencyKey":"cap-1"}""");
        var waited = await client.ResponseAsync(waitId);
        var afterwards = await client.RequestAsync("health");

        // Assert
        refused.Error().Str("code").Should().Be("UNAVAILABLE");
        refused.Error().Str("message").Should().Be(
            "too many requests in flight on this connection (limit 1); wait for a response before sending more");
        refused.Error().Bool("retryable").Should().BeTrue();
        waited.GetProperty("payload").Str("status").Should().Be("ok");
        afterwards.GetProperty("ok").GetBoolean().Should().BeTrue("an answered request frees its place at once");
    }

    [Fact]
    public async Task AnAgentRunRefusedAsBusy_IsRetryable_AndARetryWithTheSameKeyRuns()
    {
        // Arrange: one slot, held by a hung run; one run waits behind it, the most the queue takes.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders(), FakeUpstreamResponse.Text("queued answer"), FakeUpstreamResponse.Text("retried answer"));
        await using var gateway = await WsGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main", extraDefaults: "maxConcurrent: 1"), ("OpenClaw:Runs:MaxQueuedRuns", "1"));
        var runner = gateway.App.Services.GetRequiredService<AgentRunner>();
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        await client.RequestAsync("agent", """{"message":"hold","idempotencyKey":"hold-1","sessionKey":"a"}""");
        await upstream.WaitForRequestAsync(1);
        var queuedId = await client.SendRequestAsync("agent", """{"message":"wait","idempotencyKey":"queued-1","sessionKey":"b"}""");
        await Eventually.TrueAsync(() => Task.FromResult(runner.QueuedRuns == 1));

        // Act
        var busyId = await client.SendRequestAsync("agent", """{"message":"more","idempotencyKey":"busy-1","sessionKey":"c"}""");
        await client.ResponseAsync(busyId);
        var busy = await client.ResponseAsync(busyId);
        (await gateway.App.Services.GetRequiredService<IRunCoordination>().Runs.AbortAsync("hold-1", CancellationToken.None)).Should().BeTrue();
        await client.ResponseAsync(queuedId);
        await client.ResponseAsync(queuedId);
        var retryId = await client.SendRequestAsync("agent", """{"message":"more","idempotencyKey":"busy-1","sessionKey":"c"}""");
        await client.ResponseAsync(retryId);
        var retried = await client.ResponseAsync(retryId);

        // Assert
        busy.Error().Str("code").Should().Be("UNAVAILABLE");
        busy.Error().Str("message").Should().Be("the gateway is busy: 1 runs are already waiting for a slot");
        busy.Error().Bool("retryable").Should().BeTrue();
        busy.Error().Long("retryAfterMs").Should().Be(5000);
        retried.GetProperty("ok").GetBoolean().Should().BeTrue(retried.GetRawText());
        retried.GetRawText().Should().Contain("retried answer", "the retry ran instead of answering with the cached refusal");
    }

    /// <summary>An upgrade the gateway refuses: its HTTP status, headers and body.</summary>
    private static async Task<(HttpStatusCode Status, IReadOnlyDictionary<string, IEnumerable<string>> Headers, string Body)> RefusedUpgradeAsync(
        KestrelGateway gateway, string? forwardedFor = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (forwardedFor is not null)
        {
            socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }

        using var timeout = new CancellationTokenSource(WsTestClient.DefaultTimeout);
        var connecting = () => socket.ConnectAsync(WsTestClient.UriFor(gateway), timeout.Token);
        await connecting.Should().ThrowAsync<WebSocketException>();
        var headers = socket.HttpResponseHeaders ?? new Dictionary<string, IEnumerable<string>>();

        // ClientWebSocket keeps no body: read it with a plain HTTP request carrying the same upgrade headers.
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await http.SendAsync(request, timeout.Token);
        return (socket.HttpStatusCode, new Dictionary<string, IEnumerable<string>>(headers, StringComparer.OrdinalIgnoreCase), await response.Content.ReadAsStringAsync(timeout.Token));
    }
}

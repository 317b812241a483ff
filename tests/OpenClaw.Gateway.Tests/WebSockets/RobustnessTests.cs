using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>
/// Inputs and races that once escaped the protocol's error handling: lone surrogate escapes, runs that end while
/// queued, and run ids shared by <c>agent</c> and <c>chat.send</c>.
/// </summary>
public sealed class RobustnessTests : IAsyncLifetime
{
    private FakeOpenAiUpstream _upstream = null!;
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        _gateway = await WsGateway.StartAsync(TestConfigs.Upstream(_upstream.BaseUrl, agents: "main"));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task LoneSurrogate_BeforeConnect_IsAHandshakeViolation_NotAServerError()
    {
        await using var client = await WsTestClient.OpenAsync(_gateway);
        await client.ReceiveEventAsync("connect.challenge");

        await client.SendAsync("""{"type":"req","id":"\ud800","method":"connect"}""");

        var response = await client.ReceiveAsync();
        response.Error().Str("message").Should().Be("invalid handshake: first request must be connect");
        (await client.WaitForCloseAsync()).Status.Should().Be(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation);
    }

    [Fact]
    public async Task LoneSurrogate_AfterConnect_IsAnInvalidFrame_OrInvalidParams_AndTheSocketStaysOpen()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        await client.SendAsync("""{"type":"req","id":"\udc00","method":"health"}""");
        var frame = await client.ReceiveAsync();
        var send = await client.RequestAsync("chat.send", """{"sessionKey":"s\udc00","message":"hi","idempotencyKey":"sur-1"}""");
        var health = await client.RequestAsync("health");

        (frame.Str("id"), frame.Error().Str("message")).Should().Be(("invalid", "invalid request frame"));
        send.Error().Str("code").Should().Be("INVALID_REQUEST");
        send.Error().Str("message").Should().StartWith("invalid chat.send params: /sessionKey");
        health.GetProperty("ok").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ChatSend_AbortedWhileQueued_StillEndsWithAnAbortedChatEvent()
    {
        // Arrange: the first run hangs, the second waits behind it in the session lane
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        await client.CallAsync("chat.send", """{"sessionKey":"queue","message":"first","idempotencyKey":"q-1"}""");
        await client.ReceiveEventAsync("chat", p => p.Str("runId") == "q-1");
        await client.CallAsync("chat.send", """{"sessionKey":"queue","message":"second","idempotencyKey":"q-2"}""");

        // Act
        var abort = await client.CallAsync("chat.abort", """{"sessionKey":"queue"}""");

        // Assert
        abort.GetProperty("runIds").EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(["q-1", "q-2"]);
        (await client.WaitForChatDoneAsync("q-2")).Str("state").Should().Be("aborted");
        (await client.WaitForChatDoneAsync("q-1")).Str("state").Should().Be("aborted");
        var end = await client.WaitForRunEndAsync("q-2");
        end.GetProperty("data").GetProperty("aborted").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task AgentReusingARunningChatSendId_IsRefused_AndAgentWaitStillReportsTheRealRun()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text("slow ", "answer") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(300) });
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        await client.CallAsync("chat.send", """{"sessionKey":"shared","message":"hi","idempotencyKey":"shared-id"}""");
        await client.ReceiveEventAsync("chat", p => p.Str("runId") == "shared-id");

        // Act
        var agent = await client.RequestAsync("agent", """{"message":"again","idempotencyKey":"shared-id"}""");
        var wait = await client.CallAsync("agent.wait", """{"runId":"shared-id","timeoutMs":5000}""");

        // Assert
        agent.GetProperty("ok").GetBoolean().Should().BeFalse();
        agent.Error().Str("message").Should().Contain("already active");
        (wait.Str("status"), wait.Str("stopReason")).Should().Be(("ok", "stop"));
    }
}

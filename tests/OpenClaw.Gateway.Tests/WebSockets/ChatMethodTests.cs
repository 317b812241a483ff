using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary><c>chat.send</c>, its slash commands and <c>chat.history</c> on the echo model (gateway-protocol.md §6.5, §6.6, §8 item 6).</summary>
public sealed class ChatMethodTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;
    private WsTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await WsGateway.StartAsync();
        _client = await WsTestClient.ConnectedAsync(_gateway);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task ChatSend_IsAcknowledgedStarted_ThenAChatFinalArrives()
    {
        // Act
        var ack = await _client.CallAsync("chat.send", """{"sessionKey":"wsprobe","message":"hello chat","idempotencyKey":"probe-chat-1"}""");
        var final = await _client.WaitForChatDoneAsync("probe-chat-1");

        // Assert
        ack.GetRawText().Should().Be("""{"runId":"probe-chat-1","status":"started"}""");
        final.Str("state").Should().Be("final");
        final.Str("sessionKey").Should().Be("agent:main:wsprobe");
        final.GetProperty("message").MessageText().Should().Be("echo: hello chat");
        (await _client.WaitForRunEndAsync("probe-chat-1")).GetProperty("data").Str("phase").Should().Be("end", "chat.send runs also emit agent events");
    }

    [Fact]
    public async Task ChatSend_DuplicateKeyAfterCompletion_IsStatusOk_AndDoesNotRunAgain()
    {
        // Arrange
        const string request = """{"sessionKey":"dup","message":"once","idempotencyKey":"dup-1"}""";
        await _client.CallAsync("chat.send", request);
        await _client.WaitForChatDoneAsync("dup-1");
        await _client.WaitForRunEndAsync("dup-1");

        // Act
        var again = await _client.CallAsync("chat.send", request);

        // Assert
        again.GetRawText().Should().Be("""{"runId":"dup-1","status":"ok"}""");
        (await _client.CallAsync("chat.history", """{"sessionKey":"dup"}""")).Long("totalMessages").Should().Be(2);
    }

    [Fact]
    public async Task ChatHistory_ShowsTheRawUserTextAndTheAssistantMessage()
    {
        // Arrange
        await _client.CallAsync("chat.send", """{"sessionKey":"hist","message":"ws hello","idempotencyKey":"hist-1"}""");
        await _client.WaitForRunEndAsync("hist-1");

        // Act
        var history = await _client.CallAsync("chat.history", """{"sessionKey":"agent:main:hist"}""");

        // Assert
        history.ShouldHaveKeysInOrder("sessionKey", "sessionId", "messages", "hasMore", "totalMessages", "thinkingLevel", "verboseLevel");
        history.Str("sessionKey").Should().Be("agent:main:hist");
        Guid.TryParse(history.Str("sessionId"), out _).Should().BeTrue();
        var messages = history.Items("messages");
        messages.Should().HaveCount(2);
        messages[0].Str("role").Should().Be("user");
        messages[0].Str("content").Should().Be("ws hello", "the user text is stored without the timestamp envelope");
        messages[0].Long("timestamp").Should().BePositive();
        messages[1].Str("role").Should().Be("assistant");
        messages[1].GetProperty("content").GetRawText().Should().Be("""[{"type":"text","text":"echo: ws hello"}]""");
        messages[1].Str("stopReason").Should().Be("stop");
        messages[1].Long("timestamp").Should().BeGreaterThanOrEqualTo(messages[0].Long("timestamp")!.Value);
        messages.Should().OnlyContain(m => !m.Has("__openclaw"));
        history.Bool("hasMore").Should().BeFalse();
        history.Long("totalMessages").Should().Be(2);
        history.Str("thinkingLevel").Should().Be("off");
        history.Str("verboseLevel").Should().Be("off");
    }

    [Fact]
    public async Task ChatHistory_ShortKeyIsCanonicalized()
    {
        await _client.CallAsync("chat.send", """{"sessionKey":"Canon","message":"hi","idempotencyKey":"canon-1"}""");
        await _client.WaitForRunEndAsync("canon-1");

        var history = await _client.CallAsync("chat.history", """{"sessionKey":"canon"}""");

        history.Str("sessionKey").Should().Be("agent:main:canon");
        history.Long("totalMessages").Should().Be(2);
    }

    [Fact]
    public async Task ChatHistory_Limit_ReturnsTheNewestMessages_OldestFirst()
    {
        // Arrange
        foreach (var (key, text) in new[] { ("lim-1", "first"), ("lim-2", "second") })
        {
            await _client.CallAsync("chat.send", $$"""{"sessionKey":"lim","message":"{{text}}","idempotencyKey":"{{key}}"}""");
            await _client.WaitForRunEndAsync(key);
        }

        // Act
        var history = await _client.CallAsync("chat.history", """{"sessionKey":"lim","limit":2}""");

        // Assert
        var messages = history.Items("messages");
        messages.Select(m => (m.Str("role"), m.MessageText())).Should().Equal([("user", "second"), ("assistant", "echo: second")]);
        history.Bool("hasMore").Should().BeTrue();
        history.Long("totalMessages").Should().Be(4);
    }

    [Fact]
    public async Task ChatHistory_UnknownSession_IsEmptyWithNullSessionId()
    {
        var history = await _client.CallAsync("chat.history", """{"sessionKey":"agent:main:nothing-here"}""");

        history.Str("sessionKey").Should().Be("agent:main:nothing-here");
        history.GetProperty("sessionId").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        history.GetProperty("messages").GetRawText().Should().Be("[]");
        history.Bool("hasMore").Should().BeFalse();
        history.Long("totalMessages").Should().Be(0);
    }

    [Fact]
    public async Task ChatSend_New_StartsANewSessionId_AndSendsTheRestOfTheText()
    {
        // Arrange
        await _client.CallAsync("chat.send", """{"sessionKey":"newer","message":"first","idempotencyKey":"new-1"}""");
        await _client.WaitForRunEndAsync("new-1");
        var oldSessionId = (await _client.CallAsync("chat.history", """{"sessionKey":"newer"}""")).Str("sessionId");

        // Act
        await _client.CallAsync("chat.send", """{"sessionKey":"newer","message":"/new second","idempotencyKey":"new-2"}""");
        await _client.ReceiveEventAsync("chat", p => p.Str("sessionKey") == "agent:main:newer" && p.Str("state") == "final"
            && p.GetProperty("message").MessageText() == "echo: second");

        // Assert
        var history = await _client.CallAsync("chat.history", """{"sessionKey":"newer"}""");
        history.Str("sessionId").Should().NotBe(oldSessionId).And.NotBeNullOrEmpty();
        history.Items("messages").Select(m => (m.Str("role"), m.MessageText())).Should().Equal([("user", "second"), ("assistant", "echo: second")]);
    }

    [Fact]
    public async Task ChatSend_Reset_StartsANewSessionId()
    {
        await _client.CallAsync("chat.send", """{"sessionKey":"resetter","message":"first","idempotencyKey":"rs-1"}""");
        await _client.WaitForRunEndAsync("rs-1");
        var oldSessionId = (await _client.CallAsync("chat.history", """{"sessionKey":"resetter"}""")).Str("sessionId");

        await _client.CallAsync("chat.send", """{"sessionKey":"resetter","message":"/reset again","idempotencyKey":"rs-2"}""");
        await _client.ReceiveEventAsync("chat", p => p.Str("sessionKey") == "agent:main:resetter" && p.Str("state") == "final"
            && p.GetProperty("message").MessageText() == "echo: again");

        var history = await _client.CallAsync("chat.history", """{"sessionKey":"resetter"}""");
        history.Str("sessionId").Should().NotBe(oldSessionId);
        history.Items("messages").Select(m => m.MessageText()).Should().Equal(["again", "echo: again"]);
    }

    [Fact]
    public async Task ChatSend_ThinkHigh_PersistsTheLevel()
    {
        await _client.CallAsync("chat.send", """{"sessionKey":"thinker","message":"/think high","idempotencyKey":"think-1"}""");

        await Eventually.TrueAsync(async () =>
            (await _client.CallAsync("chat.history", """{"sessionKey":"thinker"}""")).Str("thinkingLevel") == "high");
        var row = (await _client.CallAsync("sessions.list", "{}")).Items("sessions").Single(r => r.Str("key") == "agent:main:thinker");
        row.Str("thinkingLevel").Should().Be("high");
    }

    [Fact]
    public async Task ChatSend_VerboseFull_PersistsTheLevel()
    {
        await _client.CallAsync("chat.send", """{"sessionKey":"talker","message":"/verbose full","idempotencyKey":"verbose-1"}""");

        await Eventually.TrueAsync(async () =>
            (await _client.CallAsync("chat.history", """{"sessionKey":"talker"}""")).Str("verboseLevel") == "full");
        var row = (await _client.CallAsync("sessions.list", "{}")).Items("sessions").Single(r => r.Str("key") == "agent:main:talker");
        row.Str("verboseLevel").Should().Be("full");
    }

    [Fact]
    public async Task ChatSend_SlashCommandInsideText_IsPlainText()
    {
        await _client.CallAsync("chat.send", """{"sessionKey":"plain","message":"please /stop now","idempotencyKey":"plain-1"}""");

        var final = await _client.WaitForChatDoneAsync("plain-1");

        final.GetProperty("message").MessageText().Should().Be("echo: please /stop now");
    }

    [Fact]
    public async Task ChatAbort_WithNothingRunning_AbortsNothing()
    {
        var result = await _client.CallAsync("chat.abort", """{"sessionKey":"idle"}""");

        result.GetRawText().Should().Be("""{"ok":true,"aborted":false,"runIds":[]}""");
    }
}

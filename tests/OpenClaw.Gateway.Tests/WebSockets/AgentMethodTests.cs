using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>
/// The two-response <c>agent</c> method, idempotency and <c>agent.wait</c> on the offline echo model
/// (gateway-protocol.md §4.3, §4.4, §6.3, §6.4, §8 item 5).
/// </summary>
public sealed class AgentMethodTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await WsGateway.StartAsync(TestConfigs.TwoAgentsEcho);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Agent_AnswersTwiceWithTheSameId_AcceptedThenFinal()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // Act
        var id = await client.SendRequestAsync("agent", """{"message":"ws hello","idempotencyKey":"probe-agent-1","sessionKey":"wsprobe"}""");
        var accepted = await client.ResponseAsync(id);
        var final = await client.ResponseAsync(id);

        // Assert
        accepted.Bool("ok").Should().BeTrue(accepted.GetRawText());
        var ack = accepted.GetProperty("payload");
        ack.ShouldHaveKeysInOrder("runId", "sessionKey", "agentId", "status", "acceptedAt");
        ack.Str("runId").Should().Be("probe-agent-1", "the run id is the idempotency key (§4.3)");
        ack.Str("sessionKey").Should().Be("agent:main:wsprobe");
        ack.Str("agentId").Should().Be("main");
        ack.Str("status").Should().Be("accepted");
        ack.Long("acceptedAt").Should().BeGreaterThanOrEqualTo(before - 1000);

        final.Bool("ok").Should().BeTrue(final.GetRawText());
        var payload = final.GetProperty("payload");
        payload.ShouldHaveKeysInOrder("runId", "status", "summary", "result");
        payload.Str("runId").Should().Be("probe-agent-1");
        payload.Str("status").Should().Be("ok");
        payload.Str("summary").Should().Be("completed");
        var result = payload.GetProperty("result");
        result.Items("payloads").Should().ContainSingle().Which.Str("text").Should().Be("echo: ws hello");
        var meta = result.GetProperty("meta");
        meta.Bool("aborted").Should().BeFalse();
        meta.Str("stopReason").Should().Be("stop");
        meta.Long("durationMs").Should().BeGreaterThanOrEqualTo(0);
        Guid.TryParse(meta.GetProperty("agentMeta").Str("sessionId"), out _).Should().BeTrue();
        meta.GetProperty("agentMeta").GetProperty("usage").Long("total").Should().BePositive();
        var frames = client.Frames.ToList();
        var acceptedAt = frames.FindIndex(f => f.Str("type") == "res" && f.Str("id") == id);
        var firstEvent = frames.FindIndex(f => f.Str("event") == "agent" && f.GetProperty("payload").Str("runId") == "probe-agent-1");
        acceptedAt.Should().BeLessThan(firstEvent, "the accepted response comes before the run's events (§4.4)");
    }

    [Fact]
    public async Task Agent_RepeatAfterCompletion_ReturnsOneCachedFinal_AndDoesNotRunAgain()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        const string request = """{"message":"only once","idempotencyKey":"idem-1","sessionKey":"idem"}""";
        var first = await client.SendRequestAsync("agent", request);
        await client.ResponseAsync(first);
        var originalFinal = await client.ResponseAsync(first);
        await client.WaitForRunEndAsync("idem-1");

        // Act
        var repeat = await client.SendRequestAsync("agent", request);
        var cached = await client.ResponseAsync(repeat);

        // Assert
        cached.Bool("ok").Should().BeTrue();
        cached.GetProperty("payload").Str("status").Should().Be("ok", "a completed key answers with the final response at once");
        cached.GetProperty("payload").GetRawText().Should().Be(originalFinal.GetProperty("payload").GetRawText());
        await client.RunTurnBehindAsync("agent:main:idem");
        client.Frames.Count(f => f.Str("type") == "res" && f.Str("id") == repeat).Should().Be(1, "the cached final is a single res");
        client.RunEvents("agent", "idem-1").Count(e => e.Str("stream") == "lifecycle" && e.GetProperty("data").Str("phase") == "start")
            .Should().Be(1, "the repeat does not start another run");
        (await client.CallAsync("chat.history", """{"sessionKey":"agent:main:idem"}""")).Long("totalMessages").Should().Be(4, "the first turn and the turn behind it");
    }

    [Fact]
    public async Task Agent_WithoutSessionKey_RunsInTheAgentsMainSession()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var main = await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"main-1"}""");
        var beta = await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"beta-1","agentId":"beta"}""");

        main.GetProperty("payload").Str("sessionKey").Should().Be("agent:main:main");
        main.GetProperty("payload").Str("agentId").Should().Be("main");
        beta.GetProperty("payload").Str("sessionKey").Should().Be("agent:beta:main");
        beta.GetProperty("payload").Str("agentId").Should().Be("beta");
    }

    [Theory]
    [InlineData("main")]
    [InlineData("MAIN")]
    [InlineData("agent:main:main")]
    public async Task Agent_MainKeyForms_AreTheAgentsMainSession(string key)
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync("agent", $$"""{"message":"hi","idempotencyKey":"mk-{{key}}","sessionKey":"{{key}}"}""");

        response.GetProperty("payload").Str("sessionKey").Should().Be("agent:main:main");
    }

    [Fact]
    public async Task Agent_AgentScopedSessionKey_SelectsThatAgent()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"scoped-1","sessionKey":"agent:beta:Side"}""");

        response.GetProperty("payload").Str("sessionKey").Should().Be("agent:beta:side", "keys are canonicalized to lower case");
        response.GetProperty("payload").Str("agentId").Should().Be("beta");
    }

    [Fact]
    public async Task Agent_AgentIdNotMatchingTheSessionKey_IsRejected()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"clash-1","agentId":"beta","sessionKey":"agent:main:clash"}""");

        response.Error().Str("code").Should().Be("INVALID_REQUEST");
    }

    [Fact]
    public async Task Agent_Label_SetsTheSessionLabel_AndThinkingIsPersisted()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"lab-1","sessionKey":"labelled","label":"Release prep","thinking":"high"}""");
        await client.WaitForRunEndAsync("lab-1");

        var row = (await client.CallAsync("sessions.list", "{}")).Items("sessions").Single(r => r.Str("key") == "agent:main:labelled");
        row.Str("label").Should().Be("Release prep");
        row.Str("thinkingLevel").Should().Be("high");
        (await client.CallAsync("chat.history", """{"sessionKey":"labelled"}""")).Str("thinkingLevel").Should().Be("high");
    }

    [Fact]
    public async Task Agent_SessionId_ResolvesTheSessionWithThatCurrentId()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        await client.RequestAsync("agent", """{"message":"first","idempotencyKey":"sid-1","sessionKey":"byid"}""");
        await client.WaitForRunEndAsync("sid-1");
        var sessionId = (await client.CallAsync("chat.history", """{"sessionKey":"byid"}""")).Str("sessionId");

        // Act
        var accepted = await client.RequestAsync("agent", $$"""{"message":"second","idempotencyKey":"sid-2","sessionId":"{{sessionId}}"}""");
        await client.WaitForRunEndAsync("sid-2");

        // Assert
        accepted.GetProperty("payload").Str("sessionKey").Should().Be("agent:main:byid");
        (await client.CallAsync("chat.history", """{"sessionKey":"byid"}""")).Long("totalMessages").Should().Be(4);
    }

    [Fact]
    public async Task Agent_DeliveryParams_AreAccepted()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        var response = await client.RequestAsync("agent",
            """{"message":"hi","idempotencyKey":"dlv-1","deliver":false,"channel":"telegram","to":"+100","replyTo":"m1","accountId":"a","threadId":"t","groupId":"g","lane":"main","spawnedBy":"x"}""");

        response.Bool("ok").Should().BeTrue(response.GetRawText());
        response.GetProperty("payload").Str("status").Should().Be("accepted");
    }

    [Fact]
    public async Task Frames_HaveNoNullValuedKeys_ExceptWhereTheSpecShowsOne()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway, caps: ["tool-events"]);

        // Act
        var id = await client.SendRequestAsync("agent", """{"message":"ws hello","idempotencyKey":"null-1","sessionKey":"nulls"}""");
        await client.ResponseAsync(id);
        await client.ResponseAsync(id);
        await client.CallAsync("chat.send", """{"sessionKey":"nulls","message":"again","idempotencyKey":"null-2"}""");
        await client.WaitForChatDoneAsync("null-2");
        await client.WaitForRunEndAsync("null-2");
        foreach (var method in new[] { "health", "status", "sessions.list", "agents.list", "models.list" })
        {
            await client.CallAsync(method);
        }

        await client.CallAsync("chat.history", """{"sessionKey":"nulls"}""");
        await client.CallAsync("sessions.preview", """{"keys":["agent:main:nulls"]}""");

        // Assert: mediaUrl (§4.4) and everyMs (§6.1, §6.2) are shown as null in the spec's examples.
        var nulls = client.Frames.SelectMany(f => NullPaths(f, "")).Where(p => !p.EndsWith(".mediaUrl", StringComparison.Ordinal) && !p.EndsWith(".everyMs", StringComparison.Ordinal)).ToList();
        nulls.Should().BeEmpty("server frames never contain null-valued optional keys (§2)");
    }

    private static IEnumerable<string> NullPaths(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    yield return $"{path}.{property.Name}";
                }

                foreach (var nested in NullPaths(property.Value, $"{path}.{property.Name}"))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                foreach (var nested in NullPaths(item, $"{path}[{i++}]"))
                {
                    yield return nested;
                }
            }
        }
    }

    [Fact]
    public async Task AgentWait_AfterTheRun_ReturnsOkWithTimes()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        var id = await client.SendRequestAsync("agent", """{"message":"hi","idempotencyKey":"wait-1"}""");
        await client.ResponseAsync(id);
        await client.ResponseAsync(id);

        // Act
        var wait = await client.CallAsync("agent.wait", """{"runId":"wait-1"}""");

        // Assert
        wait.ShouldHaveKeysInOrder("runId", "status", "startedAt", "endedAt", "stopReason");
        wait.Str("runId").Should().Be("wait-1");
        wait.Str("status").Should().Be("ok");
        wait.Long("endedAt").Should().BeGreaterThanOrEqualTo(wait.Long("startedAt")!.Value);
        wait.Str("stopReason").Should().Be("stop");
    }

    [Fact]
    public async Task AgentWait_UnknownRun_TimesOut()
    {
        // Arrange
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.TwoAgentsEcho);
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        var waitId = await client.SendRequestAsync("agent.wait", """{"runId":"never-started","timeoutMs":300}""");
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(300));

        // Act: the wait ends on the clock's time, not before.
        clock.Advance(TimeSpan.FromMilliseconds(299));
        var answeredEarly = client.Frames.Any(f => f.Str("type") == "res" && f.Str("id") == waitId);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var wait = await client.ResponseAsync(waitId);

        // Assert
        answeredEarly.Should().BeFalse();
        wait.Bool("ok").Should().BeTrue(wait.GetRawText());
        wait.GetProperty("payload").Str("status").Should().Be("timeout");
        wait.GetProperty("payload").Str("runId").Should().Be("never-started");
    }

    [Fact]
    public async Task AgentWait_ForARunThatStartsLater_ReturnsWhenItEnds()
    {
        // Arrange: the wait is registered (its timeout armed) before the run exists.
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await WsGateway.StartAsync(clock, TestConfigs.TwoAgentsEcho);
        await using var client = await WsTestClient.ConnectedAsync(gateway);
        var waitId = await client.SendRequestAsync("agent.wait", """{"runId":"late-1","timeoutMs":8000}""");
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(8000));

        // Act
        await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"late-1"}""");
        var wait = await client.ResponseAsync(waitId);

        // Assert
        wait.Bool("ok").Should().BeTrue(wait.GetRawText());
        wait.GetProperty("payload").Str("status").Should().Be("ok", "an unknown runId waits for that run to appear and end (§6.4)");
    }

    [Fact]
    public async Task AgentEvents_StartAssistantEnd_InOrder_WithPerRunSeq()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        var id = await client.SendRequestAsync("agent", """{"message":"ws hello","idempotencyKey":"order-1","sessionKey":"order"}""");
        await client.ResponseAsync(id);
        await client.ResponseAsync(id);
        await client.WaitForRunEndAsync("order-1");

        // Assert
        var events = client.RunEvents("agent", "order-1");
        events.Select(e => e.Long("seq")).Should().Equal(Enumerable.Range(1, events.Count).Select(i => (long?)i), "the inner seq is per run, from 1, no gaps (§5.1)");
        events.Should().OnlyContain(e => e.Str("sessionKey") == "agent:main:order" && e.Str("agentId") == "main" && e.Long("ts") > 0);

        var start = events[0];
        start.Str("stream").Should().Be("lifecycle");
        start.GetProperty("data").Str("phase").Should().Be("start");
        start.GetProperty("data").Long("startedAt").Should().BePositive();
        Guid.TryParse(start.Str("sessionId"), out _).Should().BeTrue();

        var end = events[^1];
        end.Str("stream").Should().Be("lifecycle");
        var endData = end.GetProperty("data");
        endData.Str("phase").Should().Be("end");
        endData.Bool("aborted").Should().BeFalse();
        endData.Str("stopReason").Should().Be("stop");
        endData.Long("endedAt").Should().BeGreaterThanOrEqualTo(endData.Long("startedAt")!.Value);
        events.Count(e => e.Str("stream") == "lifecycle" && e.GetProperty("data").Str("phase") is "end" or "error").Should().Be(1);
        end.Str("sessionId").Should().Be(start.Str("sessionId"));

        var assistant = events.Where(e => e.Str("stream") == "assistant").Select(e => e.GetProperty("data")).ToList();
        assistant.Select(d => d.Str("delta")).Should().Equal(["echo:", " ws", " hello"], "deltas are normalized (agent-runtime.md §1.2)");
        var soFar = "";
        foreach (var data in assistant)
        {
            soFar += data.Str("delta");
            data.Str("text").Should().Be(soFar, "text is the cumulative text of the message");
        }
    }

    [Fact]
    public async Task ChatEvents_DeltasThenOneFinalAfterTheLastDelta()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        await client.RequestAsync("agent", """{"message":"ws hello","idempotencyKey":"chat-1","sessionKey":"chatproj"}""");
        await client.WaitForChatDoneAsync("chat-1");
        await client.WaitForRunEndAsync("chat-1");

        // Assert
        var chats = client.RunEvents("chat", "chat-1");
        chats.Should().OnlyContain(c => c.Str("sessionKey") == "agent:main:chatproj" && c.Str("agentId") == "main");
        chats.ForEach(c => c.ShouldHaveKeysInOrder("runId", "sessionKey", "agentId", "seq", "state"));
        var deltas = chats.TakeWhile(c => c.Str("state") == "delta").ToList();
        deltas.Should().NotBeEmpty();
        chats.Skip(deltas.Count).Select(c => c.Str("state")).Should().Equal(["final"], "one final after the last delta");

        var soFar = "";
        foreach (var delta in deltas)
        {
            soFar += delta.Str("deltaText");
            delta.GetProperty("message").Str("role").Should().Be("assistant");
            delta.GetProperty("message").MessageText().Should().Be(soFar, "message carries the full text so far");
        }

        soFar.Should().Be("echo: ws hello", "the pending delta is flushed before final (§5.2)");
        var final = chats[^1];
        final.GetProperty("message").MessageText().Should().Be("echo: ws hello");
        final.Str("stopReason").Should().Be("stop");

        var assistantBySeq = client.RunEvents("agent", "chat-1").Where(e => e.Str("stream") == "assistant")
            .ToDictionary(e => e.Long("seq")!.Value, e => e.GetProperty("data").Str("text"));
        foreach (var delta in deltas)
        {
            assistantBySeq.Should().ContainKey(delta.Long("seq")!.Value, "chat seq repeats the agent event seq it came from");
            assistantBySeq[delta.Long("seq")!.Value].Should().Be(delta.GetProperty("message").MessageText());
        }
    }

    [Fact]
    public async Task Events_PerConnectionSeq_IsContiguousFrom1_AcrossRunsAndKinds()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        foreach (var key in new[] { "seq-1", "seq-2", "seq-3" })
        {
            await client.RequestAsync("agent", $$"""{"message":"count me","idempotencyKey":"{{key}}","sessionKey":"seq"}""");
            await client.WaitForRunEndAsync(key);
            await client.WaitForChatDoneAsync(key);
        }

        // Assert
        client.Events.Where(e => e.Str("event") != "connect.challenge").Should().OnlyContain(e => e.Keys().SequenceEqual(new[] { "type", "event", "payload", "seq" })
            || e.Keys().SequenceEqual(new[] { "type", "event", "payload", "seq", "stateVersion" }));
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Events_GoToEveryReadConnection_EachWithItsOwnSeq()
    {
        // Arrange
        await using var runner = await WsTestClient.ConnectedAsync(_gateway);
        await using var watcher = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.read"]);

        // Act
        await runner.RequestAsync("agent", """{"message":"broadcast","idempotencyKey":"bc-1"}""");
        await runner.WaitForRunEndAsync("bc-1");
        await watcher.WaitForRunEndAsync("bc-1");
        await watcher.WaitForChatDoneAsync("bc-1");

        // Assert
        watcher.RunEvents("agent", "bc-1").Select(e => e.GetRawText()).Should().Equal(runner.RunEvents("agent", "bc-1").Select(e => e.GetRawText()));
        watcher.AssertSeqContiguous();
        runner.AssertSeqContiguous();
    }

    [Fact]
    public async Task Events_OfARunStartedOverHttp_ReachWebSocketClients()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        await _gateway.HttpChatAsync("viahttp", "from http", "openclaw/main");
        var chat = await client.ReceiveEventAsync("chat", p => p.Str("sessionKey") == "agent:main:openai-user:viahttp" && p.Str("state") == "final");

        chat.GetProperty("payload").GetProperty("message").MessageText().Should().Be("echo: from http");
        var runId = chat.GetProperty("payload").Str("runId")!;
        (await client.WaitForRunEndAsync(runId)).GetProperty("data").Str("phase").Should().Be("end");
        client.RunEvents("agent", runId)[0].GetProperty("data").Str("phase").Should().Be("start");
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Events_AreNotSentToAConnectionWithoutReadScope()
    {
        await using var runner = await WsTestClient.ConnectedAsync(_gateway);
        await using var outsider = await WsTestClient.ConnectedAsync(_gateway, scopes: ["operator.approvals"]);

        await runner.RequestAsync("agent", """{"message":"private","idempotencyKey":"priv-1"}""");
        await runner.WaitForRunEndAsync("priv-1");
        await runner.WaitForChatDoneAsync("priv-1");

        await outsider.AssertNoFrameAsync(f => f.Str("event") is "agent" or "chat", TimeSpan.FromMilliseconds(300),
            "agent and chat events go only to connections holding operator.read (§5)");
    }

    [Fact]
    public async Task ChatDeltas_AreThrottled_AndThePendingOneIsFlushedBeforeFinal()
    {
        // Arrange: a throttle far longer than the run.
        await using var gateway = await WsGateway.StartAsync(TestConfigs.EchoOnly, (WsGateway.ChatDeltaThrottle, "10000"));
        await using var client = await WsTestClient.ConnectedAsync(gateway);

        // Act
        await client.RequestAsync("agent", """{"message":"one two three four five six","idempotencyKey":"thr-1"}""");
        await client.WaitForChatDoneAsync("thr-1");

        // Assert
        var assistant = client.RunEvents("agent", "thr-1").Count(e => e.Str("stream") == "assistant");
        var deltas = client.RunEvents("chat", "thr-1").Where(c => c.Str("state") == "delta").ToList();
        assistant.Should().Be(7);
        deltas.Count.Should().BeInRange(1, 2, "at most one delta per throttle window, plus the flushed pending one");
        deltas[^1].GetProperty("message").MessageText().Should().Be("echo: one two three four five six");
        string.Concat(deltas.Select(d => d.Str("deltaText"))).Should().Be("echo: one two three four five six");
    }
}

using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>
/// Runs against a scripted upstream: tool events, slow and hanging runs for in-flight idempotency, <c>agent.wait</c>,
/// <c>chat.abort</c> and <c>/stop</c> (gateway-protocol.md §4.3, §5.1, §6.4, §6.5, §6.7, §8 item 7; agent-runtime.md §6.5).
/// </summary>
public sealed class UpstreamRunTests : IAsyncLifetime
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
    public async Task ToolEvents_GoOnlyToConnectionsWithToolEventsCap_WithoutResultsUnlessVerboseFull()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_ls", "ls", "{}"), FakeUpstreamResponse.Text("Nothing ", "there."));
        await using var withCap = await WsTestClient.ConnectedAsync(_gateway, caps: ["tool-events"]);
        await using var without = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        await withCap.RequestAsync("agent", """{"message":"list files","idempotencyKey":"tool-1","sessionKey":"tools"}""");
        await withCap.WaitForRunEndAsync("tool-1");
        await without.WaitForRunEndAsync("tool-1");
        await withCap.WaitForChatDoneAsync("tool-1");
        await without.WaitForChatDoneAsync("tool-1");

        // Assert
        var tools = withCap.RunEvents("agent", "tool-1").Where(e => e.Str("stream") == "tool").Select(e => e.GetProperty("data")).ToList();
        tools.Select(t => t.Str("phase")).Where(p => p != "update").Should().Equal(["start", "result"]);
        tools.Should().OnlyContain(t => t.Str("name") == "ls" && t.Str("toolCallId") == "call_ls");
        tools[0].GetProperty("args").GetRawText().Should().Be("{}");
        var result = tools.Single(t => t.Str("phase") == "result");
        result.Bool("isError").Should().BeFalse();
        result.Has("result").Should().BeFalse("results are omitted unless the session's verbose level is full (§5.1)");
        without.RunEvents("agent", "tool-1").Should().NotContain(e => e.Str("stream") == "tool", "tool events need caps tool-events");
        without.RunEvents("agent", "tool-1").Should().Contain(e => e.Str("stream") == "assistant");
        withCap.AssertSeqContiguous();
        without.AssertSeqContiguous();
        var seqs = withCap.RunEvents("agent", "tool-1").Select(e => e.Long("seq")).ToList();
        seqs.Should().Equal(Enumerable.Range(1, seqs.Count).Select(i => (long?)i), "with every stream delivered the per-run seq has no gaps");
    }

    [Fact]
    public async Task AssistantEvents_TextIsCumulativePerMessage_AndRestartsAfterAToolCall()
    {
        // Arrange: text and a tool call, then the answer in a second assistant message.
        _upstream.Enqueue(
            new FakeUpstreamResponse { Chunks = ["Let ", "me ", "look."], ToolCalls = [new FakeToolCall("c1", "ls", "{}")] },
            FakeUpstreamResponse.Text("Two ", "files."));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        await client.RequestAsync("agent", """{"message":"list","idempotencyKey":"two-msg"}""");
        var final = await client.WaitForChatDoneAsync("two-msg");

        // Assert
        var texts = client.RunEvents("agent", "two-msg").Where(e => e.Str("stream") == "assistant").Select(e => e.GetProperty("data").Str("text")).ToList();
        texts.Should().Equal("Let", "Let me", "Let me look.", "Two", "Two files.");
        final.Str("state").Should().Be("final");
        final.GetProperty("message").MessageText().Should().EndWith("Two files.");
    }

    [Fact]
    public async Task ChatDeltas_ByDefault_AreAtMostOnePer150Milliseconds()
    {
        // Arrange: 20 chunks 25 ms apart, about half a second of streaming.
        var chunks = Enumerable.Range(1, 20).Select(i => $"w{i} ").ToArray();
        _upstream.Enqueue(FakeUpstreamResponse.Text(chunks) with { DelayBetweenChunks = TimeSpan.FromMilliseconds(25) });
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        await client.RequestAsync("agent", """{"message":"stream","idempotencyKey":"thr-default"}""");
        await client.WaitForChatDoneAsync("thr-default");

        // Assert
        var assistant = client.RunEvents("agent", "thr-default").Where(e => e.Str("stream") == "assistant").ToList();
        var deltas = client.RunEvents("chat", "thr-default").Where(c => c.Str("state") == "delta").ToList();
        assistant.Should().HaveCount(20);
        var window = assistant[^1].Long("ts")!.Value - assistant[0].Long("ts")!.Value;
        deltas.Count.Should().BeLessThanOrEqualTo((int)(window / 150) + 2, $"≤ 1 chat delta per 150 ms over {window} ms, plus the flushed one");
        deltas[^1].GetProperty("message").MessageText().Should().Be(string.Concat(chunks).TrimEnd());
    }

    [Fact]
    public async Task ToolEvents_CarryTheResult_WhenTheSessionIsVerboseFull()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway, caps: ["tool-events"]);
        await client.CallAsync("chat.send", """{"sessionKey":"loud","message":"/verbose full","idempotencyKey":"loud-0"}""");
        await Eventually.TrueAsync(async () => (await client.CallAsync("chat.history", """{"sessionKey":"loud"}""")).Str("verboseLevel") == "full");
        _upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_ls", "ls", "{}"), FakeUpstreamResponse.Text("done"));

        // Act
        await client.RequestAsync("agent", """{"message":"list files","idempotencyKey":"loud-1","sessionKey":"loud"}""");
        await client.WaitForRunEndAsync("loud-1");

        // Assert
        var result = client.RunEvents("agent", "loud-1").Where(e => e.Str("stream") == "tool").Select(e => e.GetProperty("data"))
            .Single(d => d.Str("phase") == "result");
        result.Has("result").Should().BeTrue();
        _upstream.ChatRequests.Should().HaveCount(2, "/verbose is answered without a model call");
    }

    [Fact]
    public async Task Agent_RunFailure_IsAnUnavailableFinal_WithLifecycleErrorAndChatError()
    {
        // Arrange: a non-retryable upstream error.
        _upstream.Enqueue(FakeUpstreamResponse.Error(400));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        var id = await client.SendRequestAsync("agent", """{"message":"fail please","idempotencyKey":"fail-1","sessionKey":"failing"}""");
        var accepted = await client.ResponseAsync(id);
        var final = await client.ResponseAsync(id);
        var lifecycle = await client.WaitForRunEndAsync("fail-1");
        var chat = await client.WaitForChatDoneAsync("fail-1");
        var wait = await client.CallAsync("agent.wait", """{"runId":"fail-1","timeoutMs":2000}""");

        // Assert
        accepted.GetProperty("payload").Str("status").Should().Be("accepted");
        final.Keys().Should().Equal(["type", "id", "ok", "payload", "error"]);
        final.Bool("ok").Should().BeFalse();
        final.GetProperty("payload").Keys().Should().Equal(["runId", "status", "summary"]);
        final.GetProperty("payload").Str("runId").Should().Be("fail-1");
        final.GetProperty("payload").Str("status").Should().Be("error");
        final.GetProperty("error").Str("code").Should().Be("UNAVAILABLE");
        final.GetProperty("error").Str("message").Should().NotBeNullOrEmpty().And.Be(final.GetProperty("payload").Str("summary"));
        lifecycle.GetProperty("data").Str("phase").Should().Be("error");
        lifecycle.GetProperty("data").Str("error").Should().NotBeNullOrEmpty();
        chat.Str("state").Should().Be("error");
        chat.Str("errorMessage").Should().NotBeNullOrEmpty();
        wait.Str("status").Should().Be("error");
        wait.Str("error").Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Agent_RepeatAfterAFailure_ReturnsTheCachedFailure()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Error(400));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        const string request = """{"message":"fail once","idempotencyKey":"fail-2"}""";
        var first = await client.SendRequestAsync("agent", request);
        await client.ResponseAsync(first);
        var failure = await client.ResponseAsync(first);

        // Act
        var repeat = await client.RequestAsync("agent", request);
        await client.RunTurnBehindAsync("agent:main:main");

        // Assert: the upstream saw the first attempt and the turn behind it, nothing between them
        repeat.GetRawText().Should().Be(failure.GetRawText().Replace($"\"id\":\"{first}\"", $"\"id\":\"{repeat.Str("id")}\"", StringComparison.Ordinal));
        _upstream.ChatRequests.Should().HaveCount(2);
        _upstream.ChatRequests[1].Body.Should().Contain(WsTestClient.SyncTurnMessage);
    }

    [Fact]
    public async Task Agent_Timeout_EndsWithLifecycleErrorTimedOut()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("slow "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        var id = await client.SendRequestAsync("agent", """{"message":"hang","idempotencyKey":"to-1","timeout":1}""");
        await client.ResponseAsync(id);
        var final = await client.ResponseAsync(id);
        var end = await client.WaitForRunEndAsync("to-1");

        // Assert: agent-runtime.md §6.5
        end.GetProperty("data").Str("phase").Should().Be("error");
        end.GetProperty("data").Str("error").Should().Be("Agent run timed out after 1s");
        final.Bool("ok").Should().BeFalse();
        final.GetProperty("payload").Str("status").Should().Be("error");
        final.GetProperty("error").Str("code").Should().BeOneOf("UNAVAILABLE", "AGENT_TIMEOUT");
        (await _upstream.ChatRequests[0].WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
    }

    [Fact]
    public async Task Agent_ExtraSystemPrompt_ReachesTheModel()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        await client.RequestAsync("agent", """{"message":"hi","idempotencyKey":"esp-1","extraSystemPrompt":"Always answer in haiku."}""");
        await client.WaitForRunEndAsync("esp-1");

        var messages = _upstream.ChatRequests[0].Json!.RootElement.GetProperty("messages").EnumerateArray();
        messages.Where(m => m.Str("role") == "system").Select(m => m.Str("content")).Should().Contain(c => c!.Contains("Always answer in haiku.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agent_SecondRunInTheSameSession_WaitsForTheFirst()
    {
        // Arrange
        _upstream.Enqueue(
            FakeUpstreamResponse.Text("one ", "two ", "three") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(200) },
            FakeUpstreamResponse.Text("four"));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        await client.RequestAsync("agent", """{"message":"a","idempotencyKey":"lane-1","sessionKey":"lane"}""");
        await client.RequestAsync("agent", """{"message":"b","idempotencyKey":"lane-2","sessionKey":"lane"}""");
        await client.WaitForRunEndAsync("lane-1");
        await client.WaitForRunEndAsync("lane-2");

        // Assert: agent-runtime.md §6.6
        var frames = client.Events.ToList();
        int IndexOf(string runId, string phase) => frames.FindIndex(f => f.Str("event") == "agent" && f.GetProperty("payload").Str("runId") == runId
            && f.GetProperty("payload").Str("stream") == "lifecycle" && f.GetProperty("payload").GetProperty("data").Str("phase") == phase);
        IndexOf("lane-2", "start").Should().BeGreaterThan(IndexOf("lane-1", "end"));
        client.AssertSeqContiguous();
    }

    [Fact]
    public async Task Agent_DuplicateWhileInFlight_IsAttachedToTheRun_AndGetsBothResponses()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text("slow ", "but ", "sure") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(300) });
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        const string request = """{"message":"go","idempotencyKey":"fly-1","sessionKey":"fly"}""";
        var first = await client.SendRequestAsync("agent", request);
        (await client.ResponseAsync(first)).GetProperty("payload").Str("status").Should().Be("accepted");

        // Act
        var duplicate = await client.SendRequestAsync("agent", request);
        var duplicateAccepted = await client.ResponseAsync(duplicate);
        var duplicateFinal = await client.ResponseAsync(duplicate);
        var originalFinal = await client.ResponseAsync(first);

        // Assert
        duplicateAccepted.GetProperty("payload").Str("status").Should().Be("accepted");
        duplicateAccepted.GetProperty("payload").Str("runId").Should().Be("fly-1");
        duplicateFinal.GetProperty("payload").Str("status").Should().Be("ok");
        duplicateFinal.GetProperty("payload").GetRawText().Should().Be(originalFinal.GetProperty("payload").GetRawText());
        _upstream.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Agent_DuplicateWhileInFlight_FromAnotherConnection_GetsTheSameResponses()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text("slow ", "but ", "sure") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(300) });
        await using var first = await WsTestClient.ConnectedAsync(_gateway);
        await using var second = await WsTestClient.ConnectedAsync(_gateway);
        const string request = """{"message":"go","idempotencyKey":"fly-2","sessionKey":"fly2"}""";
        var original = await first.SendRequestAsync("agent", request);
        await first.ResponseAsync(original);

        // Act
        var duplicate = await second.SendRequestAsync("agent", request);
        var accepted = await second.ResponseAsync(duplicate);
        var final = await second.ResponseAsync(duplicate);

        // Assert
        accepted.GetProperty("payload").Str("status").Should().Be("accepted");
        final.GetProperty("payload").Str("status").Should().Be("ok");
        final.GetProperty("payload").GetRawText().Should().Be((await first.ResponseAsync(original)).GetProperty("payload").GetRawText());
        _upstream.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task ChatSend_DuplicateWhileInFlight_IsInFlight()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        const string request = """{"sessionKey":"busy","message":"go","idempotencyKey":"busy-1"}""";
        await client.CallAsync("chat.send", request);
        await _upstream.WaitForRequestAsync(1, TimeSpan.FromSeconds(10));

        // Act
        var duplicate = await client.CallAsync("chat.send", request);

        // Assert
        duplicate.GetRawText().Should().Be("""{"runId":"busy-1","status":"in_flight"}""");
        _upstream.ChatRequests.Should().HaveCount(1);
        await client.CallAsync("chat.abort", """{"sessionKey":"busy"}""");
    }

    [Fact]
    public async Task AgentWait_ShortTimeoutOnARunningRun_TimesOut_AndTheRunContinues()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text("one ", "two ", "three") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(400) });
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        var id = await client.SendRequestAsync("agent", """{"message":"go","idempotencyKey":"wt-1"}""");
        await client.ResponseAsync(id);

        // Act
        var shortWait = await client.CallAsync("agent.wait", """{"runId":"wt-1","timeoutMs":100}""");
        var longWait = await client.CallAsync("agent.wait", """{"runId":"wt-1","timeoutMs":8000}""");

        // Assert
        shortWait.Str("status").Should().Be("timeout");
        longWait.Str("status").Should().Be("ok", "agent.wait never cancels the run (§6.4)");
        (await client.ResponseAsync(id)).GetProperty("payload").Str("status").Should().Be("ok");
    }

    [Fact]
    public async Task ChatAbort_DuringASlowRun_EmitsAbortedChatEvent_LifecycleAbortedTrue_AndPersistsThePartialText()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial ", "answer "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        var agentId = await client.SendRequestAsync("agent", """{"message":"hang","idempotencyKey":"run-a","sessionKey":"abortme"}""");
        await client.ReceiveAgentEventAsync("run-a", p => p.Str("stream") == "assistant" && p.GetProperty("data").Str("text") == "partial answer");

        // Act
        var result = await client.CallAsync("chat.abort", """{"sessionKey":"abortme"}""");

        // Assert
        result.GetRawText().Should().Be("""{"ok":true,"aborted":true,"runIds":["run-a"]}""");
        var chat = await client.WaitForChatDoneAsync("run-a");
        chat.Str("state").Should().Be("aborted");
        chat.Str("stopReason").Should().Be("aborted");
        if (chat.Has("message"))
        {
            chat.GetProperty("message").MessageText().Should().Be("partial answer");
        }

        var end = await client.WaitForRunEndAsync("run-a");
        end.GetProperty("data").Str("phase").Should().Be("end");
        end.GetProperty("data").Bool("aborted").Should().BeTrue();
        (await _upstream.ChatRequests[0].WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
        var last = (await client.CallAsync("chat.history", """{"sessionKey":"abortme"}""")).Items("messages")[^1];
        last.Str("role").Should().Be("assistant");
        last.Str("stopReason").Should().Be("aborted");
        last.MessageText().Should().Be("partial answer");
        var row = (await client.CallAsync("sessions.list", "{}")).Items("sessions").Single(r => r.Str("key") == "agent:main:abortme");
        row.Bool("abortedLastRun").Should().BeTrue();
        var final = await client.ResponseAsync(agentId);
        final.GetProperty("payload").Str("runId").Should().Be("run-a", "the agent request still gets its final response");
    }

    [Fact]
    public async Task ChatAbort_WithAnotherRunId_AbortsNothing()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        await client.CallAsync("chat.send", """{"sessionKey":"keep","message":"hang","idempotencyKey":"keep-1"}""");
        await _upstream.WaitForRequestAsync(1, TimeSpan.FromSeconds(10));

        // Act
        var wrong = await client.CallAsync("chat.abort", """{"sessionKey":"keep","runId":"someone-else"}""");
        var right = await client.CallAsync("chat.abort", """{"sessionKey":"keep","runId":"keep-1"}""");

        // Assert
        wrong.GetRawText().Should().Be("""{"ok":true,"aborted":false,"runIds":[]}""");
        right.GetRawText().Should().Be("""{"ok":true,"aborted":true,"runIds":["keep-1"]}""");
        (await client.WaitForChatDoneAsync("keep-1")).Str("state").Should().Be("aborted");
    }

    [Fact]
    public async Task ChatAbort_OfARunStartedOverHttpStreaming_EndsTheStreamAndTheUpstreamCall()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        using var http = _gateway.CreateClient();
        using var response = await http.SendAsync(
            HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath,
                HttpTestExtensions.ChatBody("hang", "openclaw/main", stream: true, extra: "\"user\":\"httpabort\",")),
            HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var readTimeout = new CancellationTokenSource(WsTestClient.DefaultTimeout);
        while (await reader.ReadLineAsync(readTimeout.Token) is { } line && !line.Contains("\"partial\"", StringComparison.Ordinal))
        {
        }

        // Act
        var result = await client.CallAsync("chat.abort", """{"sessionKey":"agent:main:openai-user:httpabort"}""");

        // Assert
        result.Bool("aborted").Should().BeTrue();
        var runId = result.Strings("runIds").Should().ContainSingle().Subject;
        await reader.ReadToEndAsync(readTimeout.Token);
        (await _upstream.ChatRequests[0].WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
        var chat = await client.WaitForChatDoneAsync(runId!);
        chat.Str("state").Should().Be("aborted");
        chat.Str("sessionKey").Should().Be("agent:main:openai-user:httpabort");
        (await client.WaitForRunEndAsync(runId!)).GetProperty("data").Bool("aborted").Should().BeTrue();
    }

    [Fact]
    public async Task ChatSend_Stop_AbortsTheActiveRun_WithoutAModelCall()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        await client.CallAsync("chat.send", """{"sessionKey":"stopper","message":"hang","idempotencyKey":"stop-run"}""");
        await client.ReceiveAgentEventAsync("stop-run", p => p.Str("stream") == "assistant");

        // Act
        var ack = await client.RequestAsync("chat.send", """{"sessionKey":"stopper","message":"/stop","idempotencyKey":"stop-cmd"}""");

        // Assert
        ack.Bool("ok").Should().BeTrue(ack.GetRawText());
        (await client.WaitForChatDoneAsync("stop-run")).Str("state").Should().Be("aborted");
        (await client.WaitForRunEndAsync("stop-run")).GetProperty("data").Bool("aborted").Should().BeTrue();
        await client.RunTurnBehindAsync("agent:main:stopper");
        _upstream.ChatRequests.Should().HaveCount(2, "/stop makes no model call between the aborted run and the turn behind it");
        _upstream.ChatRequests[1].Body.Should().Contain(WsTestClient.SyncTurnMessage);
    }

    [Fact]
    public async Task ChatSend_Think_IsAnsweredWithoutAModelCall()
    {
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        await client.CallAsync("chat.send", """{"sessionKey":"quiet","message":"/think high","idempotencyKey":"quiet-1"}""");
        await Eventually.TrueAsync(async () => (await client.CallAsync("chat.history", """{"sessionKey":"quiet"}""")).Str("thinkingLevel") == "high");
        await client.RunTurnBehindAsync("agent:main:quiet");

        _upstream.ChatRequests.Should().ContainSingle("only the turn behind /think called the model")
            .Which.Body.Should().Contain(WsTestClient.SyncTurnMessage);
    }

    [Fact]
    public async Task SessionsReset_AbortsTheActiveRunFirst()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        await using var client = await WsTestClient.ConnectedAsync(_gateway);
        await client.CallAsync("chat.send", """{"sessionKey":"busyreset","message":"hang","idempotencyKey":"br-1"}""");
        await _upstream.WaitForRequestAsync(1, TimeSpan.FromSeconds(10));

        // Act
        var reset = await client.CallAsync("sessions.reset", """{"key":"agent:main:busyreset"}""");

        // Assert
        reset.Bool("ok").Should().BeTrue();
        (await client.WaitForRunEndAsync("br-1")).GetProperty("data").Bool("aborted").Should().BeTrue();
        (await _upstream.ChatRequests[0].WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
    }

    [Fact]
    public async Task Status_RecentSessions_ReportTokensAgainstTheContextWindow()
    {
        // Arrange
        _upstream.Enqueue(new FakeUpstreamResponse { Usage = new FakeUsage(64_000, 10) });
        await _gateway.HttpChatAsync("stat", "count my tokens", "openclaw/main");
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        var status = await client.CallAsync("status");

        // Assert
        status.ShouldHaveKeysInOrder("runtimeVersion", "heartbeat", "channelSummary", "queuedSystemEvents", "sessions");
        status.Str("runtimeVersion").Should().NotBeNullOrEmpty();
        status.GetProperty("heartbeat").Str("defaultAgentId").Should().Be("main");
        status.GetProperty("channelSummary").GetRawText().Should().Be("[]");
        status.GetProperty("queuedSystemEvents").GetRawText().Should().Be("[]");
        var sessions = status.GetProperty("sessions");
        sessions.ShouldHaveKeysInOrder("paths", "count", "defaults", "recent", "byAgent");
        sessions.Long("count").Should().BeGreaterThanOrEqualTo(1);
        sessions.GetProperty("defaults").Str("model").Should().Be("mock-model");
        sessions.GetProperty("defaults").Long("contextTokens").Should().Be(128_000);
        var row = sessions.Items("recent").Single(r => r.Str("key") == "agent:main:openai-user:stat");
        row.Str("agentId").Should().Be("main");
        row.Str("kind").Should().Be("direct");
        row.Long("contextTokens").Should().Be(128_000);
        var total = row.Long("totalTokens")!.Value;
        total.Should().BeGreaterThanOrEqualTo(64_000);
        row.Long("remainingTokens").Should().Be(128_000 - total);
        row.Long("percentUsed").Should().Be((long)Math.Round(100.0 * total / 128_000, MidpointRounding.AwayFromZero));
        row.Long("age").Should().BeGreaterThanOrEqualTo(0);
        sessions.Items("byAgent").Select(a => a.Str("agentId")).Should().Contain("main");
    }
}

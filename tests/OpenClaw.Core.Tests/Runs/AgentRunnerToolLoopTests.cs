using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Runs.Steps;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>The tool loop of agent-runtime.md §5.7, against the scripted fake upstream.</summary>
public class AgentRunnerToolLoopTests
{
    private static readonly JsonElement WeatherSchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement;

    [Fact]
    public async Task RunAsync_BuiltInCall_IsExecutedAndItsResultFedBack_UntilTheAnswer()
    {
        // Arrange
        var read = ScriptedTool.Returning("read", "# Readme");
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [read] });
        h.Upstream.Enqueue(
            new FakeUpstreamResponse { Chunks = ["Let me look."], ToolCalls = [new FakeToolCall("call_1", "read", """{"path":"README.md"}""")] },
            FakeUpstreamResponse.Text("It is a readme."));
        var events = new EventRecorder();

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("what is in README.md?", events), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        result.StopReason.Should().Be("stop");
        result.Payloads.Should().Equal("Let me look.", "It is a readme.");
        read.Calls.Should().ContainSingle().Which.Arguments.GetProperty("path").GetString().Should().Be("README.md");
        read.Calls[0].Context.WorkspaceDir.Should().Be(h.WorkspaceDir);

        var second = h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages");
        At(second, ^2).GetRawText().Should().Be(
            """{"role":"assistant","content":"Let me look.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"read","arguments":"{\"path\":\"README.md\"}"}}]}""");
        At(second, ^1).GetRawText().Should().Be("""{"role":"tool","tool_call_id":"call_1","content":"# Readme"}""");
        h.Upstream.ChatRequests[0].Json!.RootElement.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString().Should().Be("read");

        var tools = events.Events.Select(e => e.Data).Where(d => d.Stream == "tool").ToList();
        tools.Should().Equal(new ToolStarted("read", "call_1", """{"path":"README.md"}"""), new ToolFinished("read", "call_1", false, "# Readme"));

        var roles = await RolesAsync(h, result.SessionId!);
        roles.Should().Equal("user", "assistant", "toolResult", "assistant");
    }

    [Fact]
    public async Task RunAsync_NextTurn_ReplaysTheToolTurn()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [ScriptedTool.Returning("ls", "a.txt")] });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "ls", "{}"), FakeUpstreamResponse.Text("one file"));
        await h.Runner.RunAsync(AgentRunnerHarness.Request("list", sessionKey: "tools"), CancellationToken.None);

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("again", sessionKey: "tools"), CancellationToken.None);

        // Assert
        var roles = h.Upstream.ChatRequests[2].Json!.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToList();
        roles.Should().Equal("system", "user", "assistant", "tool", "assistant", "user");
    }

    [Theory]
    [InlineData("nope", "{}", "Tool nope not found")]
    [InlineData("read", "{\"path\":", "Invalid arguments for read: ")]
    [InlineData("read", "[1]", "Invalid arguments for read: expected a JSON object")]
    public async Task RunAsync_UnknownToolOrBadArguments_IsAnErrorResult_AndTheLoopGoesOn(string name, string arguments, string resultStart)
    {
        // Arrange
        var read = ScriptedTool.Returning("read", "never");
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [read] });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", name, arguments), FakeUpstreamResponse.Text("sorry"));
        var events = new EventRecorder();

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("go", events), CancellationToken.None);

        // Assert
        result.Payloads.Should().Equal("sorry");
        read.Calls.Should().BeEmpty();
        var finished = events.Events.Select(e => e.Data).OfType<ToolFinished>().Single();
        finished.IsError.Should().BeTrue();
        finished.Result.Should().StartWith(resultStart);
        h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString().Should().StartWith(resultStart);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_ToolReturnsAnImage_FollowsAsAUserMessage_ForImageModelsOnly(bool acceptsImages)
    {
        // Arrange
        var png = Convert.ToBase64String(OpenClaw.Testing.TestImages.Png);
        var read = new ScriptedTool("read", (_, _, _) => Task.FromResult(new ToolResult("Read image file [image/png]") { Images = [new ToolImage("image/png", png)] }));
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [read], ModelInput = acceptsImages ? ["text", "image"] : ["text"] });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "read", """{"path":"cat.png"}"""), FakeUpstreamResponse.Text("a cat"));

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("what is in cat.png?"), CancellationToken.None);

        // Assert
        var messages = h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().ToList();
        if (acceptsImages)
        {
            messages[^2].GetProperty("role").GetString().Should().Be("tool");
            messages[^1].GetRawText().Should().Be(
                $$$"""{"role":"user","content":[{"type":"text","text":"{{{ToolLoopStep.ToolImagesText}}}"},{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{png}}}"}}]}""");
        }
        else
        {
            messages[^1].GetProperty("role").GetString().Should().Be("tool");
        }
    }

    [Fact]
    public async Task RunAsync_LargeToolResults_ShrinkTheNextCallsTokenCap()
    {
        // Arrange: a 72 000-character result is about 18 000 tokens of a 20 000-token window.
        var read = ScriptedTool.Returning("read", new string('x', 72_000));
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [read], ContextWindow = 20_000, MaxTokens = 4_096 });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "read", """{"path":"big"}"""), FakeUpstreamResponse.Text("ok"));

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("read big"), CancellationToken.None);

        // Assert
        h.Upstream.ChatRequests[0].Json!.RootElement.GetProperty("max_completion_tokens").GetInt32().Should().Be(4_096);
        h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("max_completion_tokens").GetInt32().Should().BeLessThan(2_500);
    }

    [Fact]
    public async Task RunAsync_ToolThrows_IsAnErrorResult_NotAFailedRun()
    {
        // Arrange
        var broken = new ScriptedTool("read", (_, _, _) => throw new InvalidOperationException("disk on fire"));
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [broken] });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "read", "{}"), FakeUpstreamResponse.Text("ok"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("go"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString().Should().Be("Tool read failed: disk on fire");
    }

    [Fact]
    public async Task RunAsync_ParallelCalls_AreAllExecutedInOrder()
    {
        // Arrange
        var order = new List<string>();
        var tool = new ScriptedTool("read", (args, _, _) =>
        {
            order.Add(args.GetProperty("path").GetString()!);
            return Task.FromResult(new ToolResult("content of " + args.GetProperty("path").GetString()));
        });
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [tool] });
        h.Upstream.Enqueue(
            FakeUpstreamResponse.ToolCall(new FakeToolCall("c1", "read", """{"path":"a"}"""), new FakeToolCall("c2", "read", """{"path":"b"}""")),
            FakeUpstreamResponse.Text("both read"));

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("go"), CancellationToken.None);

        // Assert
        order.Should().Equal("a", "b");
        var messages = h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages");
        At(messages, ^2).GetProperty("tool_call_id").GetString().Should().Be("c1");
        At(messages, ^1).GetProperty("tool_call_id").GetString().Should().Be("c2");
    }

    [Fact]
    public async Task RunAsync_ClientToolCall_EndsTheRunPending_AfterTheBuiltInsOfTheSameTurn()
    {
        // Arrange
        var ls = ScriptedTool.Returning("ls", "a.txt");
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [ls] });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall(new FakeToolCall("c1", "ls", "{}"), new FakeToolCall("c2", "get_weather", """{"city":"Paris"}""")));
        var request = AgentRunnerHarness.Request("weather?") with { ClientTools = [new ClientTool("get_weather", "Weather", WeatherSchema)] };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        result.StopReason.Should().Be("toolUse");
        result.PendingToolCalls.Should().Equal(new PendingToolCall("c2", "get_weather", """{"city":"Paris"}"""));
        ls.Calls.Should().ContainSingle();
        h.Upstream.ChatRequests.Should().ContainSingle();
        var offered = h.Upstream.ChatRequests[0].Json!.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString());
        offered.Should().Equal("ls", "get_weather");
        h.Upstream.ChatRequests[0].Json!.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()
            .Should().Contain("Tools policy-filtered. Names case-sensitive; call exact.\n- ls: test tool ls\n- get_weather: Weather\n");
        var entries = await h.Store.ReadTranscriptAsync(result.SessionId!, CancellationToken.None);
        var last = JsonDocument.Parse(entries[^1].PayloadJson).RootElement.GetProperty("message");
        (last.GetProperty("role").GetString(), last.GetProperty("content")[0].GetProperty("text").GetString())
            .Should().Be(("toolResult", ToolLoopStep.PendingClientResult));
        (await RolesAsync(h, result.SessionId!)).Should().Equal("user", "assistant", "toolResult", "toolResult");
    }

    [Fact]
    public async Task RunAsync_ModelKeepsCallingTools_StopsAtTheLoopLimit()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [ScriptedTool.Returning("ls", "again")] });
        h.Upstream.Responder = _ => FakeUpstreamResponse.ToolCall("c", "ls", "{}");

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("loop"), CancellationToken.None);

        // Assert
        result.Error!.Message.Should().Be(ToolLoopStep.LoopLimitMessage);
        h.Upstream.ChatRequests.Should().HaveCount(ToolLoopStep.MaxModelCalls);
    }

    [Fact]
    public async Task RunAsync_AbortWhileAToolRuns_EndsAborted_AndTheNextTurnReplaysCleanly()
    {
        // Arrange
        var started = new TaskCompletionSource();
        var slow = new ScriptedTool("exec", async (_, _, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new ToolResult("never");
        });
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = [slow] });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "exec", "{}"));
        var events = new EventRecorder();
        var request = AgentRunnerHarness.Request("run it", events, sessionKey: "abort");
        var run = h.Runner.RunAsync(request, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        (await h.Coordination.Runs.AbortAsync(request.RunId, CancellationToken.None)).Should().BeTrue();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        await h.Runner.RunAsync(AgentRunnerHarness.Request("next", sessionKey: "abort"), CancellationToken.None);

        // Assert
        (result.Aborted, result.StopReason).Should().Be((true, "aborted"));
        events.Events.Select(e => e.Data).OfType<ToolFinished>().Should().Equal(new ToolFinished("exec", "c1", true, ToolLoopStep.AbortedToolResult));
        var replayed = h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().ToList();
        replayed.Select(m => m.GetProperty("role").GetString()).Should().Equal("system", "user", "assistant", "tool", "user");
        replayed[3].GetRawText().Should().Be("""{"role":"tool","tool_call_id":"c1","content":"Tool call interrupted: no result was recorded."}""");
    }

    private static JsonElement At(JsonElement array, Index index) => array[index.GetOffset(array.GetArrayLength())];

    private static async Task<List<string>> RolesAsync(AgentRunnerHarness h, string sessionId) =>
        (await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None))
            .Where(e => e.Type == "message")
            .Select(e => JsonDocument.Parse(e.PayloadJson).RootElement.GetProperty("message").GetProperty("role").GetString()!)
            .ToList();
}

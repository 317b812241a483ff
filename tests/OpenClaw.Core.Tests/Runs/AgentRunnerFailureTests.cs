using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

public class AgentRunnerFailureTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("500", "server_error", 500)]
    [InlineData("429", "rate_limit", 429)]
    [InlineData("drop", "timeout", null)]
    public async Task RunAsync_ProviderFailure_EndsWithRunErrorOfThatReason(string fault, string reason, int? status)
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Responder = _ => fault == "drop" ? FakeUpstreamResponse.Drop() : FakeUpstreamResponse.Error(int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture));
        var events = new EventRecorder();

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi", events), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        result.Error.Should().NotBeNull();
        result.Error!.Reason.Should().Be(reason);
        result.Error.Status.Should().Be(status);
        if (status is { } code)
        {
            result.Error.Message.Should().Be($"{code} fake upstream status {code}");
        }

        result.StopReason.Should().Be("error");
        result.Payloads.Should().BeEmpty();
        events.Events.Select(e => e.Data.GetType()).Should().Equal(typeof(LifecycleStarted), typeof(LifecycleFailed));
        events.Events[^1].Data.Should().BeOfType<LifecycleFailed>().Which.Error.Should().Be(result.Error.Message);
        var assistant = await LastMessageAsync(h, result.SessionId!);
        assistant.GetProperty("stopReason").GetString().Should().Be("error");
        assistant.GetProperty("errorMessage").GetString().Should().Be(result.Error.Message);
    }

    [Fact]
    public async Task RunAsync_ModelWithoutCredentials_FailsWithAuthErrorBeforeAnyModelCall()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var request = AgentRunnerHarness.Request("hi") with { ModelOverride = "openai/gpt-4.1" };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().Be(new RunError("auth", "No route-compatible authentication source is configured for openai.", 401));
        h.Upstream.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("ghost", null, "unknown agent id \"ghost\"")]
    [InlineData(null, "agent:ghost:x", "unknown agent id \"ghost\"")]
    [InlineData("MAIN", "agent:beta:x", "agent id \"main\" does not match session key agent \"beta\"")]
    public async Task RunAsync_BadAgentSelection_FailsWithoutCallingTheModel(string? agentId, string? sessionKey, string message)
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var request = AgentRunnerHarness.Request("hi", sessionKey: sessionKey) with { AgentId = agentId };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().Be(new RunError(RunErrorReasons.Internal, message));
        h.Upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_CallerCancelsMidStream_PersistsPartialAbortedReplyAndHangsUp()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial ", "text"));
        var events = new EventRecorder();
        using var cts = new CancellationTokenSource();
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("go", events), cts.Token);
        await events.WaitForAsync(e => e.Data is AssistantDelta { Text: "partial text" }, Wait);

        // Act
        await cts.CancelAsync();
        var result = await run.WaitAsync(Wait);

        // Assert
        (result.Aborted, result.StopReason, result.Error).Should().Be((true, "aborted", (RunError?)null));
        events.Events[^1].Data.Should().BeOfType<LifecycleEnded>().Which.Should().Match<LifecycleEnded>(e => e.Aborted && e.StopReason == "aborted");
        var assistant = await LastMessageAsync(h, result.SessionId!);
        assistant.GetProperty("stopReason").GetString().Should().Be("aborted");
        assistant.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("partial text");
        (await h.Store.GetSessionAsync(result.SessionKey, CancellationToken.None))!.AbortedLastRun.Should().BeTrue();
        (await h.Upstream.ChatRequests.Single().WaitForCompletionAsync(Wait)).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task RunAsync_AfterAbortedRun_NextRunReplaysPartialReplyAndClearsFlag()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.HangAfter("half"));
        var events = new EventRecorder();
        using var cts = new CancellationTokenSource();
        var aborted = h.Runner.RunAsync(AgentRunnerHarness.Request("first", events), cts.Token);
        await events.WaitForAsync(e => e.Data is AssistantDelta, Wait);
        await cts.CancelAsync();
        await aborted.WaitAsync(Wait);

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("second"), CancellationToken.None);

        // Assert
        (await h.UpstreamMessagesAsync(2)).Select(m => m.Role == "assistant" ? m.Content : m.Role).Should().Equal("system", "user", "half", "user");
        (await h.Store.GetSessionAsync(result.SessionKey, CancellationToken.None))!.AbortedLastRun.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_RunTimeout_FailsWithTimeoutMessageAndHangsUp()
    {
        // Arrange
        var clock = new WatchedTimeProvider();
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Time = clock });
        h.Upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        var events = new EventRecorder();
        var request = AgentRunnerHarness.Request("slow", events) with { TimeoutSeconds = 1 };
        var run = h.Runner.RunAsync(request, CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(1);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));

        // Act: the run's timeout passes on its clock, not before.
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        var endedEarly = run.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run.WaitAsync(Wait);

        // Assert
        endedEarly.Should().BeFalse();
        result.Error.Should().Be(new RunError(RunErrorReasons.Timeout, "Agent run timed out after 1s"));
        result.Aborted.Should().BeFalse();
        events.Events[^1].Data.Should().BeOfType<LifecycleFailed>().Which.Error.Should().Be("Agent run timed out after 1s");
        (await h.Store.GetSessionAsync(result.SessionKey, CancellationToken.None))!.AbortedLastRun.Should().BeTrue();
        var entries = await h.Store.ReadTranscriptAsync(result.SessionId!, CancellationToken.None);
        entries.Should().ContainSingle("an empty partial reply is not persisted");
        (await h.Upstream.ChatRequests.Single().WaitForCompletionAsync(Wait)).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task RunAsync_RunTimeoutMidStream_PersistsPartialReplyAsAborted()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.HangAfter("so far "));
        var request = AgentRunnerHarness.Request("slow") with { TimeoutSeconds = 1 };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None).WaitAsync(Wait);

        // Assert
        result.Error!.Message.Should().Be("Agent run timed out after 1s");
        var assistant = await LastMessageAsync(h, result.SessionId!);
        assistant.GetProperty("stopReason").GetString().Should().Be("aborted");
        assistant.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("so far");
    }

    private static async Task<JsonElement> LastMessageAsync(AgentRunnerHarness h, string sessionId)
    {
        var entries = await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None);
        var message = JsonDocument.Parse(entries[^1].PayloadJson).RootElement.GetProperty("message").Clone();
        message.GetProperty("role").GetString().Should().Be("assistant");
        return message;
    }
}

using System.Text.Json;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>
/// The retry and fallback policy of agent-runtime.md §5.6. Fallback models live on the same fake upstream under other
/// model ids, so the upstream's request log shows which model was called in which order.
/// </summary>
public class AgentRunnerRetryTests
{
    private static readonly ProviderRetryPolicy FastRetries = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) };
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_TransientFailures_AreRetriedUntilTheModelAnswers()
    {
        // Arrange
        await using var h = await StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(503), FakeUpstreamResponse.Drop(), FakeUpstreamResponse.Text("made it"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        result.Payloads.Should().Equal("made it");
        CalledModels(h).Should().Equal("fake-model", "fake-model", "fake-model");
    }

    [Fact]
    public async Task RunAsync_PrimaryExhausted_FallsBackInOrder_AndRecordsTheAnsweringModel()
    {
        // Arrange
        await using var h = await StartAsync(["fake/backup-model", "fake/third-model"]);
        h.Upstream.Enqueue(Repeat(FakeUpstreamResponse.Error(500), 3).Append(FakeUpstreamResponse.Text("from backup")).ToArray());

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        result.Payloads.Should().Equal("from backup");
        result.Model.Should().Be("backup-model");
        CalledModels(h).Should().Equal("fake-model", "fake-model", "fake-model", "backup-model");
        var assistant = await LastMessageAsync(h, result.SessionId!);
        assistant.GetProperty("model").GetString().Should().Be("backup-model");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task RunAsync_NonRetryableProviderFailure_GoesStraightToTheFallback(int status)
    {
        // Arrange
        await using var h = await StartAsync(["fake/backup-model"]);
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(status), FakeUpstreamResponse.Text("backup answer"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        result.Payloads.Should().Equal("backup answer");
        CalledModels(h).Should().Equal("fake-model", "backup-model");
    }

    [Fact]
    public async Task RunAsync_FormatFailure_FailsAtOnce_WithoutFallback()
    {
        // Arrange
        await using var h = await StartAsync(["fake/backup-model"]);
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(400));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        result.Error!.Reason.Should().Be(ProviderFailureReason.Format);
        CalledModels(h).Should().Equal("fake-model");
    }

    [Fact]
    public async Task RunAsync_EveryModelFails_TheRunFailsWithTheLastFailure()
    {
        // Arrange
        await using var h = await StartAsync(["fake/backup-model"]);
        h.Upstream.Enqueue(Repeat(FakeUpstreamResponse.Error(500), 3).Concat(Repeat(FakeUpstreamResponse.Error(429), 3)).ToArray());

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        result.Error!.Reason.Should().Be(ProviderFailureReason.RateLimit);
        result.Error.Status.Should().Be(429);
        result.Model.Should().Be("backup-model");
        CalledModels(h).Should().Equal("fake-model", "fake-model", "fake-model", "backup-model", "backup-model", "backup-model");
    }

    [Fact]
    public async Task RunAsync_UnusableFallbacks_AreSkipped()
    {
        // Arrange: openai has no credentials under models.mode=replace; the primary itself is not tried twice.
        await using var h = await StartAsync(["openai/gpt-4.1", "fake/fake-model", "fake/third-model"]);
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(401), FakeUpstreamResponse.Text("third"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        result.Payloads.Should().Equal("third");
        CalledModels(h).Should().Equal("fake-model", "third-model");
    }

    [Fact]
    public async Task RunAsync_ConfiguredPrimaryWithoutCredentials_TheFirstUsableFallbackAnswers()
    {
        // Arrange: openai has no key under models.mode=replace, as if ANTHROPIC_API_KEY were missing for a Claude primary.
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            RetryPolicy = FastRetries, Primary = "openai/gpt-4.1", Fallbacks = ["openai/gpt-4.1-mini", "fake/backup-model"],
        });

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        result.Model.Should().Be("backup-model");
        CalledModels(h).Should().Equal("backup-model");
    }

    [Fact]
    public async Task RunAsync_OverrideWithoutCredentials_IsReported_NotReplacedByAFallback()
    {
        // Arrange
        await using var h = await StartAsync(["fake/backup-model"]);
        var request = AgentRunnerHarness.Request("hi") with { ModelOverride = "openai/gpt-4.1" };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().Be(new RunError("auth", "No route-compatible authentication source is configured for openai.", 401));
        h.Upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_Fallback_GetsASystemPromptWithItsOwnIdentity()
    {
        // Arrange
        await using var h = await StartAsync(["fake/backup-model"]);
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(401), FakeUpstreamResponse.Text("ok"));

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        SystemPrompt(h, 0).Should().Contain("Current model identity: fake/fake-model");
        SystemPrompt(h, 1).Should().Contain("Current model identity: fake/backup-model").And.NotContain("fake/fake-model");
    }

    [Fact]
    public async Task RunAsync_RetryAfterBeyondTheLimit_GoesStraightToTheFallback()
    {
        // Arrange: the clock never moves, so a run that paused for the 31 s would not end.
        var clock = new WatchedTimeProvider();
        await using var h = await StartAsync(["fake/backup-model"], clock);
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(429, retryAfter: "31"), FakeUpstreamResponse.Text("backup"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None).WaitAsync(CallLimit);

        // Assert
        result.Payloads.Should().Equal("backup");
        CalledModels(h).Should().Equal("fake-model", "backup-model");
        clock.ArmedCount(TimeSpan.FromSeconds(31)).Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_NoModelUsable_FailsWithThePrimarysCredentialError()
    {
        // Arrange
        await using var h = await StartAsync(["openai/gpt-4.1"]);
        var request = AgentRunnerHarness.Request("hi") with { ModelOverride = "anthropic/claude" };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().Be(new RunError("auth", "No route-compatible authentication source is configured for anthropic.", 401));
        h.Upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_FailureAfterStreamedText_IsNeitherRetriedNorFallenBack()
    {
        // Arrange
        await using var h = await StartAsync(["fake/backup-model"]);
        h.Upstream.Enqueue(FakeUpstreamResponse.DropAfter("partial ", "answer"));
        var events = new EventRecorder();

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hi", events), CancellationToken.None);

        // Assert
        result.Error!.Reason.Should().Be(ProviderFailureReason.Timeout);
        CalledModels(h).Should().Equal("fake-model");
        events.Events.Select(e => e.Data).OfType<AssistantDelta>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task RunAsync_RetryAfter_IsWaitedInsteadOfTheBackoff()
    {
        // Arrange: the backoff would be 10 ms; the provider asks for 1 s.
        var clock = new WatchedTimeProvider();
        await using var h = await StartAsync(time: clock);
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(429, retryAfter: "1"), FakeUpstreamResponse.Text("ok"));
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Act: the pause is armed on the run's clock; short of its end the model is not called again.
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        var calledEarly = h.Upstream.ChatRequests.Count > 1 || run.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run.WaitAsync(CallLimit);

        // Assert
        calledEarly.Should().BeFalse();
        result.Payloads.Should().Equal("ok");
        h.Upstream.ChatRequests.Should().HaveCount(2);
        clock.ArmedCount(FastRetries.BaseDelay).Should().Be(0, "the backoff is not waited as well");
    }

    [Fact]
    public async Task RunAsync_AbortDuringTheRetryPause_EndsAtOnceAsAborted()
    {
        // Arrange: a 30 s pause on a clock that never moves; only the abort can end it.
        var clock = new WatchedTimeProvider();
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { RetryPolicy = new() { BaseDelay = TimeSpan.FromSeconds(30) }, Time = clock });
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(500));
        var request = AgentRunnerHarness.Request("hi");
        var run = h.Runner.RunAsync(request, CancellationToken.None);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(30));

        // Act
        (await h.Coordination.Runs.AbortAsync(request.RunId, CancellationToken.None)).Should().BeTrue();
        var result = await run.WaitAsync(CallLimit);

        // Assert
        (result.Aborted, result.StopReason, result.Error).Should().Be((true, "aborted", (RunError?)null));
        h.Upstream.ChatRequests.Should().HaveCount(1);
    }

    private static Task<AgentRunnerHarness> StartAsync(IReadOnlyList<string>? fallbacks = null, TimeProvider? time = null) =>
        AgentRunnerHarness.StartAsync(new HarnessOptions { RetryPolicy = FastRetries, Fallbacks = fallbacks ?? [], Time = time ?? TimeProvider.System });

    private static IEnumerable<FakeUpstreamResponse> Repeat(FakeUpstreamResponse response, int count) => Enumerable.Repeat(response, count);

    private static string SystemPrompt(AgentRunnerHarness h, int request) =>
        h.Upstream.ChatRequests[request].Json!.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;

    private static List<string> CalledModels(AgentRunnerHarness h) =>
        h.Upstream.ChatRequests.Select(r => r.Json!.RootElement.GetProperty("model").GetString()!).ToList();

    private static async Task<JsonElement> LastMessageAsync(AgentRunnerHarness h, string sessionId)
    {
        var entries = await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None);
        return JsonDocument.Parse(entries[^1].PayloadJson).RootElement.GetProperty("message").Clone();
    }
}

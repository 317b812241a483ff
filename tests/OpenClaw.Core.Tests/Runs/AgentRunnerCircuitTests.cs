using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>The per-provider circuit breaker as runs meet it: refused calls, fallbacks, the half-open probe.</summary>
public sealed class AgentRunnerCircuitTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task RunAsync_ProviderFailedThresholdTimes_NextRunIsRefusedWithoutCallingIt()
    {
        // Arrange
        await using var h = await StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(502));
        await RunAsync(h);
        await RunAsync(h);

        // Act
        var refused = await RunAsync(h);

        // Assert
        h.Upstream.ChatRequests.Should().HaveCount(2);
        refused.Error!.Reason.Should().Be(ProviderFailureReason.CircuitOpen);
        refused.Error.RetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        refused.Error.Message.Should().Be("upstream provider fake is unavailable after repeated failures; retry after 30s");
    }

    [Fact]
    public async Task RunAsync_PrimaryCircuitOpen_TheFallbackOfAnotherProviderAnswersWithoutTryingThePrimary()
    {
        // Arrange: two runs each fail once on the primary and are answered by the fallback (another provider id).
        await using var h = await StartAsync(fallbacks: ["other/fake-model"]);
        h.Upstream.Enqueue(
            FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Text("one"),
            FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Text("two"),
            FakeUpstreamResponse.Text("three"));
        (await RunAsync(h)).Payloads.Should().Equal("one");
        (await RunAsync(h)).Payloads.Should().Equal("two");

        // Act
        var result = await RunAsync(h);

        // Assert: the open primary was skipped at once (five calls, not six).
        result.Error.Should().BeNull();
        (result.Provider, result.Payloads.Single()).Should().Be(("other", "three"));
        h.Upstream.ChatRequests.Should().HaveCount(5);
    }

    [Fact]
    public async Task RunAsync_AfterTheBreak_AHealthyProbeClosesTheCircuit()
    {
        // Arrange
        await using var h = await StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Text("back"), FakeUpstreamResponse.Text("again"));
        await RunAsync(h);
        await RunAsync(h);
        (await RunAsync(h)).Error!.Reason.Should().Be(ProviderFailureReason.CircuitOpen);

        // Act
        _time.Advance(TimeSpan.FromSeconds(30));
        var probe = await RunAsync(h);
        var after = await RunAsync(h);

        // Assert
        (probe.Payloads.Single(), after.Payloads.Single()).Should().Be(("back", "again"));
        h.Upstream.ChatRequests.Should().HaveCount(4);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsWhileTheProviderHangs_DoesNotCountAgainstIt()
    {
        // Arrange
        await using var h = await StartAsync();
        h.Upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();

        // Act: three callers give up before any deadline.
        for (var i = 1; i <= 3; i++)
        {
            using var cts = new CancellationTokenSource();
            var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), cts.Token);
            await h.Upstream.WaitForRequestAsync(i);
            await cts.CancelAsync();
            (await run).Aborted.Should().BeTrue();
        }

        // Assert
        h.Options.Circuits.All().Single().State.Should().Be(ProviderCircuitStatus.Closed);
    }

    [Fact]
    public async Task RunAsync_RunTimesOutRightAfterItsCallStarted_DoesNotCountAgainstTheProvider()
    {
        // Arrange: a run that merely ran out of time (5 s) with its call just started says nothing about the provider.
        await using var h = await StartAsync();
        h.Upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();

        // Act
        for (var i = 1; i <= 2; i++)
        {
            var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hi") with { TimeoutSeconds = 5 }, CancellationToken.None);
            await h.Upstream.WaitForRequestAsync(i);
            await AdvanceUntilAsync(run);
            (await run).Error!.Reason.Should().Be(Core.Runs.RunErrorReasons.Timeout);
        }

        // Assert
        h.Options.Circuits.All().Single().State.Should().Be(ProviderCircuitStatus.Closed);
    }

    [Fact]
    public async Task RunAsync_OneRequestRetriedThreeTimes_CountsOnceAgainstTheProvider()
    {
        // Arrange: a threshold of two; one run fails three attempts.
        await using var h = await StartAsync(retries: 3);
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Error(500), FakeUpstreamResponse.Text("fine"));

        // Act
        var failed = h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);
        await AdvanceUntilAsync(failed);
        var next = await RunAsync(h);

        // Assert: one bad request does not open the circuit for everyone.
        (await failed).Error!.Reason.Should().Be(ProviderFailureReason.ServerError);
        next.Payloads.Should().Equal("fine");
        h.Options.Circuits.All().Single().Should().Be(new ProviderCircuitStatus("fake", ProviderCircuitStatus.Closed, 0, null, ProviderFailureReason.ServerError));
    }

    [Fact]
    public async Task RunAsync_FallbackRefusedByACircuitThisRunOpened_ReportsTheRealFailure()
    {
        // Arrange: a threshold of one; the fallback is another model of the same provider.
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            Time = _time,
            Circuits = new ProviderCircuits(new ProviderCircuitOptions { FailureThreshold = 1 }, _time),
            Fallbacks = ["fake/backup-model"],
        });
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(502));

        // Act
        var result = await RunAsync(h);

        // Assert
        result.Error!.Reason.Should().Be(ProviderFailureReason.ServerError);
        h.Upstream.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task RunAsync_RunTimesOutBeforeTheProviderSentAnything_CountsAgainstIt()
    {
        // Arrange: the provider hangs; the run's own timeout (40 s: past the 30 s a call must have waited, yet shorter
        // than the provider's deadline) ends each run.
        await using var h = await StartAsync();
        h.Upstream.Responder = _ => FakeUpstreamResponse.HangBeforeHeaders();

        // Act
        for (var i = 1; i <= 2; i++)
        {
            var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hi") with { TimeoutSeconds = 40 }, CancellationToken.None);
            await h.Upstream.WaitForRequestAsync(i);
            await AdvanceUntilAsync(run);
            (await run).Error!.Reason.Should().Be(Core.Runs.RunErrorReasons.Timeout);
        }

        // Assert
        h.Options.Circuits.All().Single().State.Should().Be(ProviderCircuitStatus.Open);
    }

    /// <summary>Moves the fake clock a second at a time until <paramref name="task"/> ends.</summary>
    private async Task AdvanceUntilAsync(Task task)
    {
        for (var i = 0; i < 600 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(20));
            if (!task.IsCompleted)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        task.IsCompleted.Should().BeTrue();
    }

    private async Task<AgentRunnerHarness> StartAsync(IReadOnlyList<string>? fallbacks = null, int retries = 1) =>
        await AgentRunnerHarness.StartAsync(new HarnessOptions
        {
            Time = _time,
            RetryPolicy = new ProviderRetryPolicy { MaxAttempts = retries },
            Circuits = new ProviderCircuits(new ProviderCircuitOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromSeconds(30) }, _time),
            Fallbacks = fallbacks ?? [],
            ExtraProvidersJson = fallbacks is null ? null : "\"other\": " + OtherProvider,
        });

    /// <summary>A second provider id on the same fake upstream: its own circuit.</summary>
    private static string OtherProvider => """{ "baseUrl": "__UPSTREAM__", "apiKey": "sk-other", "api": "openai-completions", "models": [ { "id": "fake-model" } ] }""";

    private static Task<Core.Runs.AgentRunResult> RunAsync(AgentRunnerHarness h) =>
        h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);
}

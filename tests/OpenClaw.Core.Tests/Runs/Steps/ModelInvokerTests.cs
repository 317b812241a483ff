using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Runs.Invocation;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Tests.Runs.Steps;

/// <summary>The pipeline's model invoker alone: retries, fallbacks and the circuit breaker over scripted model calls.</summary>
public sealed class ModelInvokerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ARetryableFailure_IsCalledAgainOnTheSameModel_AfterThePolicysPause()
    {
        // Arrange
        var run = StepRuns.Create();
        var calls = new ScriptedCall(Failure(ProviderFailureReason.ServerError), Answer("hi"));
        var invoker = Invoker(calls, new ProviderRetryPolicy { MaxAttempts = 2, BaseDelay = TimeSpan.FromSeconds(1) });

        // Act: the scripted calls complete at once, so the invoker is in its pause when InvokeAsync returns.
        var invoking = invoker.InvokeAsync(run, StepRuns.Model(run, "fake/a"), [], CancellationToken.None);
        var pausedFor = calls.Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        var (outcome, model) = await invoking;

        // Assert
        pausedFor.Should().Be(1, "the second attempt waits for the pause on the run's clock");
        calls.Models.Should().Equal("fake/a", "fake/a");
        outcome.Text.Should().Be("hi");
        model.Ref.ToString().Should().Be("fake/a");
        run.Timing.ProviderTime.Should().Be(TimeSpan.FromSeconds(1), "a retry pause is time spent on the provider");
    }

    [Fact]
    public async Task APrimaryThatKeepsFailing_HandsTheTurnToItsFallback()
    {
        // Arrange
        var run = StepRuns.Create();
        var calls = new ScriptedCall(Failure(ProviderFailureReason.Overloaded), Answer("from b"));
        var invoker = Invoker(calls);

        // Act
        var (outcome, model) = await invoker.InvokeAsync(run, StepRuns.Model(run, "fake/a"), [new ChatMessage(ChatRole.System, "prompt")], CancellationToken.None);

        // Assert
        calls.Models.Should().Equal("fake/a", "fake/b");
        outcome.Text.Should().Be("from b");
        model.Ref.ToString().Should().Be("fake/b");
    }

    [Theory]
    [InlineData(ProviderFailureReason.Format, false)]
    [InlineData(ProviderFailureReason.ServerError, true)]
    public async Task AFinalFailure_OrOneThatAlreadyStreamed_IsNeitherRetriedNorHandedOver(string reason, bool emitted)
    {
        // Arrange
        var run = StepRuns.Create();
        var calls = new ScriptedCall(Failure(reason, emitted));
        var invoker = Invoker(calls, new ProviderRetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.Zero });

        // Act
        var (outcome, model) = await invoker.InvokeAsync(run, StepRuns.Model(run, "fake/a"), [], CancellationToken.None);

        // Assert
        calls.Models.Should().Equal("fake/a");
        outcome.Failure!.Reason.Should().Be(reason);
        model.Ref.ToString().Should().Be("fake/a");
    }

    [Fact]
    public async Task AProviderWhoseCircuitIsOpen_IsNotCalled_AndTheRunGetsTheLastRealFailure()
    {
        // Arrange: one failure opens the circuit of provider fake; both models are on it.
        var run = StepRuns.Create();
        var circuits = new ProviderCircuits(new ProviderCircuitOptions { FailureThreshold = 1 }, _time);
        var calls = new ScriptedCall(Failure(ProviderFailureReason.ServerError));
        var invoker = Invoker(calls, circuits: circuits);

        // Act
        var (outcome, model) = await invoker.InvokeAsync(run, StepRuns.Model(run, "fake/a"), [], CancellationToken.None);

        // Assert
        calls.Models.Should().Equal(["fake/a"], "the fallback's provider was refused by its open circuit");
        outcome.Failure!.Reason.Should().Be(ProviderFailureReason.ServerError, "not the refusal the run's own failure caused");
        model.Ref.ToString().Should().Be("fake/a");
    }

    private ModelInvoker Invoker(IModelCall calls, ProviderRetryPolicy? policy = null, ProviderCircuits? circuits = null) => new(
        calls,
        policy ?? new ProviderRetryPolicy { MaxAttempts = 1 },
        circuits ?? ProviderCircuits.Disabled,
        new ProviderTimeouts(),
        new DictionaryEnvironment(),
        _time,
        RunMetrics.Detached,
        NullLogger.Instance);

    private static ModelCallOutcome Answer(string text) => new(text, "stop", null, null, Cancelled: false, Emitted: true, []);

    private static ModelCallOutcome Failure(string reason, bool emitted = false) =>
        new("", "error", null, new ProviderException(reason, "upstream said no"), Cancelled: false, emitted, []);

    /// <summary>Answers the calls in order with the scripted outcomes and records which model each went to.</summary>
    private sealed class ScriptedCall(params ModelCallOutcome[] outcomes) : IModelCall
    {
        private readonly List<string> _models = [];

        public IReadOnlyList<string> Models
        {
            get
            {
                lock (_models)
                {
                    return [.. _models];
                }
            }
        }

        public int Count => Models.Count;

        public Task<ModelCallOutcome> CallAsync(RunState run, ResolvedModel model, List<ChatMessage> messages, int messageIndex, CancellationToken cancellationToken)
        {
            int index;
            lock (_models)
            {
                index = _models.Count;
                _models.Add(model.Ref.ToString());
            }

            return Task.FromResult(outcomes[index]);
        }
    }
}

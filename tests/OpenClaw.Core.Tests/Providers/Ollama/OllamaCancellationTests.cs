using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>
/// Timing-sensitive tests run alone, after the parallel ones: on a 2-core machine, other classes starting their fake
/// servers have been seen to starve the thread pool for most of a second, which would be measured here as the
/// adapter's latency.
/// </summary>
[CollectionDefinition(nameof(OllamaCancellationTests), DisableParallelization = true)]
public sealed class OllamaCancellationCollection;

/// <summary>A caller's cancellation hangs up on Ollama within the adapter's 100 ms contract.</summary>
[Collection(nameof(OllamaCancellationTests))]
public sealed class OllamaCancellationTests : OllamaTestBase
{
    private static readonly TimeSpan AbortBudget = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancelsWhileWaitingForHeaders_HangsUpPromptly()
    {
        // Arrange
        await WarmUpAsync();
        Upstream.Enqueue(FakeOllamaResponse.HangBeforeHeaders());
        using var cts = new CancellationTokenSource();
        var call = CaptureAnyAsync(Client(), cts.Token);
        var request = await Upstream.WaitForRequestAsync(2);

        // Act
        var cancelledAt = DateTimeOffset.UtcNow;
        await cts.CancelAsync();
        var ex = await call.WaitAsync(TimeSpan.FromSeconds(5));
        var outcome = await request.WaitForCompletionAsync(TimeSpan.FromSeconds(5));

        // Assert
        ex.Should().BeAssignableTo<OperationCanceledException>("a caller's cancellation is not a provider failure");
        outcome.Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
        (outcome.ObservedAt - cancelledAt).Should().BeLessThan(AbortBudget);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancelsWhileWaitingForALine_HangsUpPromptly()
    {
        // Arrange
        await WarmUpAsync();
        Upstream.Enqueue(FakeOllamaResponse.HangAfter("one "));
        using var cts = new CancellationTokenSource();
        var firstText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new List<string>();
        var call = CaptureAnyAsync(Client(), cts.Token, received, () => firstText.TrySetResult());
        await firstText.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var request = await Upstream.WaitForRequestAsync(2);

        // Act: the adapter is now blocked reading the next line.
        await Task.Delay(50);
        var cancelledAt = DateTimeOffset.UtcNow;
        await cts.CancelAsync();
        var ex = await call.WaitAsync(TimeSpan.FromSeconds(5));
        var outcome = await request.WaitForCompletionAsync(TimeSpan.FromSeconds(5));

        // Assert
        received.Should().Equal("one ");
        ex.Should().BeAssignableTo<OperationCanceledException>();
        outcome.Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
        (outcome.ObservedAt - cancelledAt).Should().BeLessThan(AbortBudget);
    }

    /// <summary>One whole call first, so the measured one does not also pay for JIT and connection setup.</summary>
    private async Task WarmUpAsync()
    {
        await DrainAsync(Client());
        Upstream.Requests.Should().ContainSingle();
    }
}

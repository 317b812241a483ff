using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Providers;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;
using static OpenClaw.Core.Tests.Support.ProviderFaultCases;

namespace OpenClaw.Core.Tests.Providers;

/// <summary>
/// The faults every provider kind must classify the same way (agent-runtime.md §5.6), one theory per fault over the
/// kinds of <see cref="ProviderFaultTarget"/>. The adapters' deadlines run on a <see cref="FakeTimeProvider"/>: a
/// deadline fires only when a test moves the clock past it, and a test that never moves it knows none fired.
/// Faults only one kind can have stay in that kind's fault tests.
/// </summary>
public sealed class ProviderFaultTests
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new();

    public static TheoryData<string> Apis() => [.. ProviderFaultTarget.Apis];

    public static TheoryData<string, int, string> ApisAndStatusReasons()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var api in ProviderFaultTarget.Apis)
        {
            foreach (var row in StatusReasons())
            {
                data.Add(api, (int)row[0], (string)row[1]);
            }
        }

        return data;
    }

    public static TheoryData<string, string, int> ApisAndRetryAfters()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var api in ProviderFaultTarget.Apis)
        {
            data.Add(api, "7", 7);
            data.Add(api, "0", 0);
        }

        return data;
    }

    public static TheoryData<string, int, int> ApisAndRetryAfterDates()
    {
        // A date in the past means no wait.
        var data = new TheoryData<string, int, int>();
        foreach (var api in ProviderFaultTarget.Apis)
        {
            data.Add(api, 20, 20);
            data.Add(api, -20, 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApisAndStatusReasons))]
    public async Task GetStreamingResponseAsync_ErrorStatus_ThrowsClassifiedProviderException_WithoutRetrying(string api, int status, string reason)
    {
        // Arrange: the default body is the provider's own error shape saying "fake upstream status N".
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Error(status));

        // Act
        var ex = await CaptureAsync(Client(target));

        // Assert: a retry would have reached the fake before the call failed.
        ex.Reason.Should().Be(reason);
        ex.Status.Should().Be(status);
        ex.Message.Should().Be($"{status} fake upstream status {status}");
        ex.Code.Should().BeNull();
        ex.RetryAfter.Should().BeNull();
        target.Calls.Should().ContainSingle("retries are the runner's, never the SDK's");
    }

    [Theory]
    [MemberData(nameof(ApisAndRetryAfters))]
    public async Task GetStreamingResponseAsync_429WithRetryAfterSeconds_CarriesRetryAfterAndTheProvidersMessage(string api, string header, int seconds)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Error(429, target.RateLimitBody("too many requests"), retryAfter: header));

        // Act
        var ex = await CaptureAsync(Client(target));

        // Assert
        (ex.Reason, ex.Status, ex.Message).Should().Be((ProviderFailureReason.RateLimit, 429, "429 too many requests"));
        ex.Code.Should().Be(target.RateLimitCode);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [MemberData(nameof(ApisAndRetryAfterDates))]
    public async Task GetStreamingResponseAsync_529WithRetryAfterDate_CarriesTheWaitFromTheClocksNow(string api, int offsetSeconds, int seconds)
    {
        // Arrange: the fake clock stands years before the real now, so only a wait measured on it matches.
        await using var target = await ProviderFaultTarget.StartAsync(api);
        var date = _clock.GetUtcNow().AddSeconds(offsetSeconds).ToString("R", CultureInfo.InvariantCulture);
        target.Enqueue(target.Error(529, retryAfter: date));

        // Act
        var ex = await CaptureAsync(Client(target));

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.Overloaded);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_NonJsonErrorBody_IsGeneric_WithTheTrimmedBodyKeptForTheLog(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Error(502) with { ErrorBody = "  Bad Gateway\n", ErrorContentType = "text/plain" });

        // Act
        var ex = await CaptureAsync(Client(target));

        // Assert
        ex.Message.Should().Be("502 upstream returned HTTP 502");
        ex.UnstructuredBody.Should().Be("Bad Gateway");
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_LongNonJsonErrorBody_KeepsFirst500CharsForTheLog(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Error(500) with { ErrorBody = new string('x', 2000), ErrorContentType = "text/html" });

        // Act
        var ex = await CaptureAsync(Client(target));

        // Assert
        ex.Message.Should().Be("500 upstream returned HTTP 500");
        ex.UnstructuredBody.Should().Be(new string('x', 500));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_EmptyErrorBody_SaysSo(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Error(500) with { ErrorBody = "" });

        // Act
        var ex = await CaptureAsync(Client(target));

        // Assert
        ex.Message.Should().Be("500 status code (no body)");
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_ErrorBodyStalls_FailsWithTheStatusOnceTheFirstByteDeadlinePasses(string api)
    {
        // Arrange: the 429's headers arrive, its body never does.
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Error(429, retryAfter: "3") with { StallErrorBody = true });
        var call = CaptureAnyAsync(Client(target), CancellationToken.None);
        await target.FirstResponseHeaders.WaitAsync(CallLimit);

        // Act
        await _clock.AdvanceUntilDoneAsync(FakeClock.FirstByte, call);

        // Assert
        var ex = (await call.WaitAsync(CallLimit)).Should().BeOfType<ProviderException>().Subject;
        ex.Reason.Should().Be(ProviderFailureReason.RateLimit);
        ex.Message.Should().Be("429 status code (no body)");
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_ConnectionRefused_IsUnreachable(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        var client = target.Client(FakeClock, _clock, target.BaseUrlOn(ClosedPort()));

        // Act
        var ex = await CaptureAsync(client);

        // Assert
        (ex.Reason, ex.Message, ex.Status, ex.Stalled).Should().Be((ProviderFailureReason.Timeout, "upstream provider unreachable", (int?)null, false));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_ConnectionResetBeforeHeaders_IsUnreachable_WithoutRetrying(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Drop());

        // Act
        var ex = await CaptureAsync(Client(target));

        // Assert
        (ex.Reason, ex.Message, ex.Stalled).Should().Be((ProviderFailureReason.Timeout, "upstream provider unreachable", false));
        target.Calls.Should().ContainSingle("retries are the runner's, never the SDK's");
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_YieldsTextThenInterrupted(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.DropAfter("partial ", "text"));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(target), received);

        // Assert
        received.Should().Equal("partial ", "text");
        (ex.Reason, ex.Message, ex.Stalled).Should().Be((ProviderFailureReason.Timeout, "upstream stream was interrupted", false));
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_HungBeforeHeaders_TimesOutWhenTheFirstByteDeadlinePasses_AndHangsUp(string api)
    {
        // Arrange: once the request is out, the first-byte deadline is armed and nothing moves it.
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.HangBeforeHeaders());
        var call = CaptureAnyAsync(Client(target), CancellationToken.None);
        var request = await target.WaitForRequestAsync(1);

        // Act
        _clock.Advance(FakeClock.FirstByte - TimeSpan.FromMilliseconds(1));
        var endedEarly = call.IsCompleted;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var ex = (await call.WaitAsync(CallLimit)).Should().BeOfType<ProviderException>().Subject;

        // Assert
        endedEarly.Should().BeFalse();
        (ex.Reason, ex.Stalled, ex.Message).Should().Be((ProviderFailureReason.Timeout, true, "upstream provider sent no response within 30s"));
        (await request.WaitForCompletionAsync(CallLimit)).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_StalledBetweenChunks_TimesOutWhenTheBetweenChunksDeadlinePasses_AndHangsUp(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.HangAfter("first"));
        var received = new List<string>();
        var firstText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = CaptureAnyAsync(Client(target), CancellationToken.None, received, () => firstText.TrySetResult());
        await firstText.Task.WaitAsync(CallLimit);

        // Act: every deadline armed so far runs from the clock's current time; any armed later, from a later time.
        _clock.Advance(FakeClock.BetweenChunks - TimeSpan.FromMilliseconds(1));
        var endedEarly = call.IsCompleted;
        await _clock.AdvanceUntilDoneAsync(FakeClock.BetweenChunks, call);
        var ex = (await call.WaitAsync(CallLimit)).Should().BeOfType<ProviderException>().Subject;

        // Assert
        endedEarly.Should().BeFalse();
        received.Should().Equal("first");
        (ex.Reason, ex.Stalled, ex.Message).Should().Be((ProviderFailureReason.Timeout, true, "upstream provider sent nothing for 20s"));
        (await target.Calls.Single().WaitForCompletionAsync(CallLimit)).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_SlowConsumer_IsNotCountedAsAStalledUpstream(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Text("a", "b", "c"));
        var received = new List<string>();

        // Act: the consumer holds every update for twice the between-chunks limit.
        await foreach (var update in Client(target).GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 100 }))
        {
            received.Add(update.Text);
            _clock.Advance(FakeClock.BetweenChunks * 2);
        }

        // Assert
        string.Concat(received).Should().Be("abc");
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_StreamEndsWithoutFinish_IsMalformedResponse(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.WithoutFinish("a", "b"));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(target), received);

        // Assert
        received.Should().Equal("a", "b");
        ex.Reason.Should().Be(ProviderFailureReason.MalformedResponse);
        ex.Message.Should().Be("upstream provider sent a malformed response: the stream ended before the model finished its answer");
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_MalformedEvent_IsMalformedResponse(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.Malformed());
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(target), received);

        // Assert
        received.Should().Equal(target.TextBeforeMalformed);
        ex.Reason.Should().Be(ProviderFailureReason.MalformedResponse);
        ex.Message.Should().Be("upstream provider sent a malformed response: a stream event is not valid JSON");
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_CallerCancelsWhileWaitingForHeaders_ThrowsCancellationAndHangsUp(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.HangBeforeHeaders());
        using var cts = new CancellationTokenSource();
        var call = CaptureAnyAsync(Client(target), cts.Token);
        var request = await target.WaitForRequestAsync(1);

        // Act
        await cts.CancelAsync();
        var ex = await call.WaitAsync(CallLimit);
        var outcome = await request.WaitForCompletionAsync(CallLimit);

        // Assert: the clock never moved, so no deadline fired; only the cancellation can have closed the connection,
        // and it did while the adapter's HttpClient (and its connection pool) is still alive.
        ex.Should().BeAssignableTo<OperationCanceledException>("a caller's cancellation is not a provider failure");
        outcome.Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_CallerCancelsMidStream_ThrowsCancellationAndHangsUp(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.HangAfter("one "));
        using var cts = new CancellationTokenSource();
        var received = new List<string>();

        // Act: cancel as soon as the first text arrives, while the upstream holds the stream open.
        var ex = await CaptureAnyAsync(Client(target), cts.Token, received, cts.Cancel).WaitAsync(CallLimit);
        var outcome = await target.Calls.Single().WaitForCompletionAsync(CallLimit);

        // Assert: as above, with the clock standing still only the cancellation can have hung up.
        received.Should().Equal("one ");
        ex.Should().BeAssignableTo<OperationCanceledException>();
        outcome.Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_HangsUp(string api)
    {
        // Arrange
        await using var target = await ProviderFaultTarget.StartAsync(api);
        target.Enqueue(target.HangAfter("one ", "two "));

        // Act: a consumer that leaves after the first text disposes the enumerator.
        await foreach (var update in Client(target).GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 100 }))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        // Assert
        (await target.Calls.Single().WaitForCompletionAsync(CallLimit)).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    private IChatClient Client(ProviderFaultTarget target) => target.Client(FakeClock, _clock);
}

using System.Diagnostics;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Providers.Anthropic.AnthropicMessagesChatClientTests;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;
using static OpenClaw.Core.Tests.Support.ProviderFaultCases;

namespace OpenClaw.Core.Tests.Providers.Anthropic;

public sealed class AnthropicMessagesChatClientFaultTests : IAsyncLifetime
{
    private readonly HttpClient _http = ChatClientFactory.CreateHttpClient(Relaxed);
    private FakeAnthropicUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeAnthropicUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Theory]
    [MemberData(nameof(ProviderFaultCases.StatusReasons), MemberType = typeof(ProviderFaultCases))]
    public async Task GetStreamingResponseAsync_ErrorStatus_ThrowsClassifiedProviderException(int status, string reason)
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.Error(status));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(reason);
        ex.Status.Should().Be(status);
        ex.Message.Should().Be($"{status} fake upstream status {status}");
        ex.RetryAfter.Should().BeNull();
        (await _upstream.WaitForRequestAsync(2, TimeSpan.FromMilliseconds(300)).ContinueWith(t => t.IsCompletedSuccessfully)).Should().BeFalse("the SDK must not retry");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_429WithRetryAfterSeconds_CarriesRetryAfter()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.Error(
            429, """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""", retryAfter: "7"));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.RateLimit);
        ex.Status.Should().Be(429);
        ex.Message.Should().Be("429 Number of request tokens has exceeded your per-minute rate limit");
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_529WithRetryAfterDate_CarriesTheWaitUntilThen()
    {
        // Arrange
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        _upstream.Enqueue(FakeAnthropicResponse.Error(529, retryAfter: until.ToString("R")));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.Overloaded);
        ex.RetryAfter.Should().BeCloseTo(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NonJsonErrorBody_IsGeneric_WithTheTrimmedBodyKeptForTheLog()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { StatusCode = 502, ErrorBody = "  Bad Gateway\n", ErrorContentType = "text/plain" });

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Message.Should().Be("502 upstream returned HTTP 502");
        ex.UnstructuredBody.Should().Be("Bad Gateway");
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LongNonJsonErrorBody_KeepsFirst500CharsForTheLog()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { StatusCode = 500, ErrorBody = new string('x', 800), ErrorContentType = "text/html" });

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Message.Should().Be("500 upstream returned HTTP 500");
        ex.UnstructuredBody.Should().Be(new string('x', 500));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EmptyErrorBody_SaysSo()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { StatusCode = 500, ErrorBody = "" });

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Message.Should().Be("500 status code (no body)");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorBodyStalls_FailsWithTheStatusWithinFirstByteTimeout()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { StatusCode = 429, StallErrorBody = true, RetryAfter = "3" });
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        ex.Reason.Should().Be(ProviderFailureReason.RateLimit);
        ex.Message.Should().Be("429 status code (no body)");
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData("overloaded_error", ProviderFailureReason.Overloaded, 529)]
    [InlineData("rate_limit_error", ProviderFailureReason.RateLimit, 429)]
    [InlineData("api_error", ProviderFailureReason.ServerError, 500)]
    [InlineData("something_new", ProviderFailureReason.ServerError, 500)]
    public async Task GetStreamingResponseAsync_InStreamErrorEvent_IsClassifiedByItsType(string type, string reason, int status)
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.InStreamError(type, "Overloaded", "partial ", "text"));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("partial ", "text");
        ex.Reason.Should().Be(reason);
        ex.Status.Should().Be(status);
        ex.Message.Should().Be($"{status} Overloaded");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionRefused_IsTimeout()
    {
        // Arrange
        var client = new AnthropicMessagesChatClient(
            new AnthropicClientCache(_http).Get(new AnthropicEndpoint("dead", new Uri($"http://127.0.0.1:{ClosedPort()}"), "k", new Dictionary<string, string>())), Relaxed);

        // Act
        var ex = await CaptureAsync(client);

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Message.Should().Be("upstream provider unreachable");
        ex.Status.Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedBeforeHeaders_IsTimeout()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.Drop());

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Message.Should().Be("upstream provider unreachable");
        _upstream.MessageRequests.Should().ContainSingle("the SDK must not retry a dropped connection");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_YieldsTextThenTimeout()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.DropAfter("partial ", "text"));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("partial ", "text");
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Message.Should().Be("upstream stream was interrupted");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HungBeforeHeaders_TimesOutAfterFirstByteTimeoutAndHangsUp()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.HangBeforeHeaders());
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        stopwatch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(250)).And.BeLessThan(TimeSpan.FromSeconds(5));
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        (ex.Stalled, ex.Message).Should().Be((true, "upstream provider sent no response within 0.3s"));
        (await _upstream.MessageRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HeadersButNoEvent_TimesOutAfterFirstByteTimeout()
    {
        // Arrange: 200 and SSE headers, then nothing.
        _upstream.Enqueue(new FakeAnthropicResponse { HangAfterChunks = 0 });
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        (ex.Stalled, ex.Message).Should().Be((true, "upstream provider sent no response within 0.3s"));
        (await _upstream.MessageRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StalledBetweenEvents_TimesOutAndHangsUp()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.HangAfter("first"));
        var received = new List<string>();
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortBetweenChunks), received);

        // Assert
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        received.Should().Equal("first");
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        (ex.Stalled, ex.Message).Should().Be((true, "upstream provider sent nothing for 0.3s"));
        (await _upstream.MessageRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SlowStreamWithPings_IsNotCutByTheBetweenEventsTimeout()
    {
        // Arrange: every event 250 ms apart; between the text block's start and its first delta the SDK swallows a
        // ping, so only reads of the body (not yielded events) show within the 400 ms limit that the stream is alive
        // (500 ms between those two yields).
        // A first call warms the process up, so start-up pauses of the test host do not count against the limit.
        _upstream.Enqueue(FakeAnthropicResponse.Text("warm"));
        await DrainAsync(Client(), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["a", "b", "c"], DelayBetweenChunks = TimeSpan.FromMilliseconds(250) });

        // Act
        var updates = await DrainAsync(
            Client(ShortBetweenChunks with { BetweenChunks = TimeSpan.FromMilliseconds(400) }), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 });

        // Assert
        string.Concat(updates.Select(u => u.Text)).Should().Be("abc");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndsWithoutMessageStop_IsMalformedResponse()
    {
        // Arrange
        _upstream.Enqueue(new FakeAnthropicResponse { Chunks = ["a", "b"], OmitMessageStop = true });
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("a", "b");
        ex.Reason.Should().Be(ProviderFailureReason.MalformedResponse);
        ex.Message.Should().Be("upstream provider sent a malformed response: the stream ended before the model finished its answer");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedEventData_IsMalformedResponse()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.Raw(
            Sse("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_de""") + Sse("message_stop", """{"type":"message_stop"}""")));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.MalformedResponse);
        ex.Message.Should().Be("upstream provider sent a malformed response: a stream event is not valid JSON");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancelsWhileWaitingForHeaders_ClosesUpstreamConnectionPromptly()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.HangBeforeHeaders());
        using var cts = new CancellationTokenSource();
        var call = CaptureAnyAsync(Client(), cts.Token);
        var request = await _upstream.WaitForRequestAsync(1);

        // Act
        var cancelledAt = DateTimeOffset.UtcNow;
        await cts.CancelAsync();
        var ex = await call.WaitAsync(TimeSpan.FromSeconds(5));
        var outcome = await request.WaitForCompletionAsync(TimeSpan.FromSeconds(5));

        // Assert
        ex.Should().BeAssignableTo<OperationCanceledException>("a caller's cancellation is not a provider failure");
        outcome.Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
        (outcome.ObservedAt - cancelledAt).Should().BeLessThan(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancelsMidStream_ThrowsCancellationAndHangsUpPromptly()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.HangAfter("one "));
        using var cts = new CancellationTokenSource();
        var cancelledAt = DateTimeOffset.MaxValue;
        Exception? caught = null;

        // Act
        try
        {
            await foreach (var update in Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 }, cts.Token))
            {
                if (update.Text.Length > 0)
                {
                    cancelledAt = DateTimeOffset.UtcNow;
                    await cts.CancelAsync();
                }
            }
        }
        catch (Exception ex)
        {
            caught = ex;
        }

        // Assert
        caught.Should().BeAssignableTo<OperationCanceledException>();
        var outcome = await _upstream.MessageRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5));
        outcome.Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
        (outcome.ObservedAt - cancelledAt).Should().BeLessThan(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_HangsUp()
    {
        // Arrange
        _upstream.Enqueue(FakeAnthropicResponse.HangAfter("one "));

        // Act
        await foreach (var update in Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 10 }))
        {
            if (update.Text.Length > 0)
            {
                break;
            }
        }

        // Assert
        (await _upstream.MessageRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    private AnthropicMessagesChatClient Client(ProviderTimeouts? timeouts = null) =>
        new(new AnthropicClientCache(_http).Get(new AnthropicEndpoint("fake", _upstream.BaseUrl, "sk-ant-test", new Dictionary<string, string>())), timeouts ?? Relaxed);
}

using System.Diagnostics;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;
using static OpenClaw.Core.Tests.Support.ProviderFaultCases;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

public sealed class OpenAiCompletionsChatClientFaultTests : IAsyncLifetime
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

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
        _upstream.Enqueue(FakeUpstreamResponse.Error(status));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(reason);
        ex.Status.Should().Be(status);
        ex.Message.Should().Be($"{status} fake upstream status {status}");
        ex.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_429WithRetryAfter_CarriesRetryAfterAndCode()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Error(
            429, """{"error":{"message":"mock upstream forced status 429","type":"rate_limit_error","code":"rate_limit_exceeded"}}""", retryAfter: "7"));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.RateLimit);
        ex.Message.Should().Be("429 mock upstream forced status 429");
        ex.Code.Should().Be("rate_limit_exceeded");
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NonJsonErrorBody_IsGeneric_WithTheBodyKeptForTheLog()
    {
        // Arrange
        _upstream.Enqueue(new FakeUpstreamResponse { StatusCode = 502, ErrorBody = "Bad Gateway", ErrorContentType = "text/plain" });

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Message.Should().Be("502 upstream returned HTTP 502");
        ex.UnstructuredBody.Should().Be("Bad Gateway");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HugeErrorBody_IsReadOnlyUpToTheCap()
    {
        // Arrange: 4 MiB of JSON whose message would be valid if it were read whole.
        var huge = """{"error":{"message":""" + "\"" + new string('x', 4 * 1024 * 1024) + "\"}}";
        _upstream.Enqueue(FakeUpstreamResponse.Error(500, huge));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert: cut at the cap, no longer JSON: a generic message, the first 500 characters kept for the log.
        ex.Message.Should().Be("500 upstream returned HTTP 500");
        ex.UnstructuredBody.Should().Be(huge[..500]);
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionRefused_IsTimeout()
    {
        // Arrange
        var client = new OpenAiCompletionsChatClient(
            _http, new OpenAiEndpoint("dead", new Uri($"http://127.0.0.1:{ClosedPort()}/v1"), null, new Dictionary<string, string>()), Relaxed);

        // Act
        var ex = await CaptureAsync(client);

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Stalled.Should().Be(false);
        ex.Status.Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedBeforeHeaders_IsTimeout()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Drop());

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Stalled.Should().Be(false);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_YieldsTextThenTimeout()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.DropAfter("partial ", "text"));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("partial ", "text");
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Stalled.Should().Be(false);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HungBeforeHeaders_TimesOutAfterFirstByteTimeoutAndHangsUp()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        stopwatch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(250)).And.BeLessThan(TimeSpan.FromSeconds(5));
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Stalled.Should().Be(true);
        var outcome = await _upstream.ChatRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5));
        outcome.Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StalledBetweenChunks_TimesOut()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("first"));
        var received = new List<string>();
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortBetweenChunks), received);

        // Assert
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        received.Should().Equal("first");
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        ex.Stalled.Should().Be(true);
        (await _upstream.ChatRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndsWithoutFinish_IsMalformedResponse()
    {
        // Arrange
        _upstream.Enqueue(new FakeUpstreamResponse { Chunks = ["a", "b"], OmitDone = true });
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("a", "b");
        ex.Reason.Should().Be(ProviderFailureReason.MalformedResponse);
        ex.Message.Should().Be("upstream provider sent a malformed response: the stream ended before the model finished its answer");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_InBandErrorFrame_IsServerErrorWithItsMessage()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Raw(
            "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"error\":{\"message\":\"model crashed\",\"code\":\"oops\"}}\n\n"));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
        ex.Message.Should().Contain("model crashed");
        ex.Code.Should().Be("oops");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedChunk_IsMalformedResponse()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Raw("data: {\"choices\":[\n\ndata: [DONE]\n\n"));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.MalformedResponse);
        ex.Message.Should().Be("upstream provider sent a malformed response: a stream event is not valid JSON");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancelsWhileWaitingForHeaders_ClosesUpstreamConnectionWithinOneSecond()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
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
        (outcome.ObservedAt - cancelledAt).Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancelsMidStream_ThrowsCancellationAndHangsUp()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("one "));
        using var cts = new CancellationTokenSource();
        var client = Client();
        Exception? caught = null;

        // Act
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m" }, cts.Token))
            {
                if (update.Text.Length > 0)
                {
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
        (await _upstream.ChatRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    private OpenAiEndpoint Endpoint() => new("fake", _upstream.BaseUrl, "sk-test", new Dictionary<string, string>());

    private OpenAiCompletionsChatClient Client(ProviderTimeouts? timeouts = null) => new(_http, Endpoint(), timeouts ?? Relaxed);
}

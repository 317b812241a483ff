using System.Diagnostics;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;
using static OpenClaw.Core.Tests.Support.ProviderFaultCases;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>Every way a call to Ollama can fail, classified as agent-runtime.md §5.6 says.</summary>
public sealed class OllamaChatClientFaultTests : OllamaTestBase
{
    [Theory]
    [MemberData(nameof(ProviderFaultCases.StatusReasons), MemberType = typeof(ProviderFaultCases))]
    public async Task GetStreamingResponseAsync_ErrorStatusWithOllamaBody_ThrowsClassifiedProviderException(int status, string reason)
    {
        // Arrange: the default body is Ollama's {"error":"fake upstream status N"}.
        Upstream.Enqueue(FakeOllamaResponse.Error(status));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(reason);
        ex.Status.Should().Be(status);
        ex.Message.Should().Be($"{status} fake upstream status {status}");
        ex.Code.Should().BeNull();
        ex.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ModelNotPulled_KeepsOllamasMessage()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Error(404, """{"error":"model \"llama9\" not found, try pulling it first"}"""));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.ModelNotFound);
        ex.Message.Should().Be("404 model \"llama9\" not found, try pulling it first");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_OpenAiShapedErrorBody_KeepsMessageAndCode()
    {
        // Arrange: a proxy in front of Ollama may answer in OpenAI's shape.
        Upstream.Enqueue(FakeOllamaResponse.Error(400, """{"error":{"message":"context too long","type":"invalid_request_error","code":"context_length_exceeded"}}"""));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        (ex.Reason, ex.Message, ex.Code).Should().Be((ProviderFailureReason.Format, "400 context too long", "context_length_exceeded"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NonJsonErrorBody_IsGeneric_WithTheTrimmedBodyKeptForTheLog()
    {
        // Arrange
        Upstream.Enqueue(new FakeOllamaResponse { StatusCode = 502, ErrorBody = "  Bad Gateway\n", ErrorContentType = "text/plain" });

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Message.Should().Be("502 upstream returned HTTP 502");
        ex.UnstructuredBody.Should().Be("Bad Gateway");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LongNonJsonErrorBody_IsCutAt500CharactersForTheLog()
    {
        // Arrange
        Upstream.Enqueue(new FakeOllamaResponse { StatusCode = 500, ErrorBody = new string('x', 2000), ErrorContentType = "text/html" });

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Message.Should().Be("500 upstream returned HTTP 500");
        ex.UnstructuredBody.Should().Be(new string('x', 500));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UnknownRoute_IsOllamasPlainTextNotFound()
    {
        // Arrange: a base URL that still ends in a path Ollama does not serve.
        var client = Client(baseUrl: new Uri(Upstream.BaseUrl, "/v2"));

        // Act
        var ex = await CaptureAsync(client);

        // Assert
        (ex.Reason, ex.Status, ex.Message).Should().Be((ProviderFailureReason.ModelNotFound, 404, "404 upstream returned HTTP 404"));
        ex.UnstructuredBody.Should().Be("404 page not found");
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("0", 0)]
    public async Task GetStreamingResponseAsync_429WithRetryAfter_CarriesRetryAfter(string header, int seconds)
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Error(429, """{"error":"too many requests"}""", retryAfter: header));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.RateLimit, "429 too many requests"));
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionRefused_IsTimeout()
    {
        // Arrange
        var client = Client(baseUrl: new Uri($"http://127.0.0.1:{ClosedPort()}"));

        // Act
        var ex = await CaptureAsync(client);

        // Assert
        (ex.Reason, ex.Message, ex.Status).Should().Be((ProviderFailureReason.Timeout, "upstream provider unreachable", (int?)null));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionResetBeforeHeaders_IsTimeout()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Drop());

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.Timeout, "upstream provider unreachable"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_YieldsTextThenTimeout()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.DropAfter("partial ", "text"));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("partial ", "text");
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.Timeout, "upstream stream was interrupted"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HungBeforeHeaders_TimesOutAfterFirstByteTimeoutAndHangsUp()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.HangBeforeHeaders());
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        stopwatch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(250)).And.BeLessThan(TimeSpan.FromSeconds(5));
        (ex.Reason, ex.Stalled, ex.Message).Should().Be((ProviderFailureReason.Timeout, true, "upstream provider sent no response within 0.3s"));
        (await Upstream.ChatRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StalledBetweenLines_TimesOutAndHangsUp()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.HangAfter("first"));
        var received = new List<string>();
        var stopwatch = Stopwatch.StartNew();

        // Act
        var ex = await CaptureAsync(Client(ShortBetweenChunks), received);

        // Assert
        stopwatch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(250)).And.BeLessThan(TimeSpan.FromSeconds(5));
        received.Should().Equal("first");
        (ex.Reason, ex.Stalled, ex.Message).Should().Be((ProviderFailureReason.Timeout, true, "upstream provider sent nothing for 0.3s"));
        (await Upstream.ChatRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SlowButSteadyLines_AreNotATimeout()
    {
        // Arrange: each gap is well inside the between-lines limit, the whole answer (8 gaps) is past it. The margin
        // is wide because a starved test host has been seen to run a 250 ms timer a second late.
        Upstream.Enqueue(FakeOllamaResponse.Text("a", "b", "c", "d", "e", "f", "g", "h") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(300) });
        var timeouts = Relaxed with { BetweenChunks = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();

        // Act
        var updates = await DrainAsync(Client(timeouts));

        // Assert
        stopwatch.Elapsed.Should().BeGreaterThan(timeouts.BetweenChunks);
        string.Concat(updates.Select(u => u.Text)).Should().Be("abcdefgh");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SlowConsumer_IsNotCountedAsAStalledUpstream()
    {
        // Arrange: the upstream sends a line every 50 ms; only the consumer takes longer than the between-lines limit.
        Upstream.Enqueue(FakeOllamaResponse.Text("a", "b", "c") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(50) });
        var received = new List<string>();

        // Act
        await foreach (var update in Client(ShortBetweenChunks).GetStreamingResponseAsync(Hi(), new Microsoft.Extensions.AI.ChatOptions { ModelId = Model }))
        {
            received.Add(update.Text);
            await Task.Delay(ShortBetweenChunks.BetweenChunks * 2);
        }

        // Assert
        string.Concat(received).Should().Be("abc");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndsWithoutDoneLine_IsMalformedResponse()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Text("a", "b") with { OmitDone = true });
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("a", "b");
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.MalformedResponse, "upstream provider sent a malformed response: the stream ended before the model finished its answer"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EmptyOkBody_IsMalformedResponse()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.Raw(""));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.MalformedResponse, "upstream provider sent a malformed response: the stream ended before the model finished its answer"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_InStreamErrorLine_IsServerErrorWithItsMessage()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.StreamError("an error was encountered while running the model: CUDA error", "partial "));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("partial ");
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
        ex.Message.Should().Be("200 an error was encountered while running the model: CUDA error");
        ex.Status.Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedLine_IsMalformedResponse()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.MalformedLine("ok "));
        var received = new List<string>();

        // Act
        var ex = await CaptureAsync(Client(), received);

        // Assert
        received.Should().Equal("ok ");
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.MalformedResponse, "upstream provider sent a malformed response: a stream event is not valid JSON"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ServerSendsOpenAiSse_IsMalformedNotAHang()
    {
        // Arrange: an ollama provider pointed at an OpenAI-compatible server that ignored the path.
        Upstream.Enqueue(FakeOllamaResponse.Raw("data: {\"choices\":[]}\n\ndata: [DONE]\n\n", "text/event-stream"));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.MalformedResponse, "upstream provider sent a malformed response: a stream event is not valid JSON"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_HangsUp()
    {
        // Arrange
        Upstream.Enqueue(FakeOllamaResponse.HangAfter("one ", "two "));

        // Act: a consumer that leaves after the first update disposes the enumerator.
        await foreach (var update in Client().GetStreamingResponseAsync(Hi(), new Microsoft.Extensions.AI.ChatOptions { ModelId = Model }))
        {
            break;
        }

        // Assert
        (await Upstream.ChatRequests.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }
}

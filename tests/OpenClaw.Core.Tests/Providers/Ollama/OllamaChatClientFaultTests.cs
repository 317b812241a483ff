using System.Diagnostics;
using OpenClaw.Core.Providers;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;
using static OpenClaw.Core.Tests.Support.ProviderFaultCases;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>The faults only Ollama has; those every provider shares are in <see cref="ProviderFaultTests"/>.</summary>
public sealed class OllamaChatClientFaultTests : OllamaTestBase
{
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
    public async Task GetStreamingResponseAsync_ServerSendsOpenAiSse_IsMalformedNotAHang()
    {
        // Arrange: an ollama provider pointed at an OpenAI-compatible server that ignored the path.
        Upstream.Enqueue(FakeOllamaResponse.Raw("data: {\"choices\":[]}\n\ndata: [DONE]\n\n", "text/event-stream"));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.MalformedResponse, "upstream provider sent a malformed response: a stream event is not valid JSON"));
    }
}

using System.Diagnostics;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

/// <summary>How a stream or an error response ends: incomplete streams and stalled error bodies fail fast.</summary>
public sealed class OpenAiCompletionsChatClientStreamEndTests : IAsyncLifetime
{
    private static readonly ProviderTimeouts ShortFirstByte = new()
    {
        Connect = TimeSpan.FromSeconds(5),
        FirstByte = TimeSpan.FromSeconds(2),
        BetweenChunks = TimeSpan.FromSeconds(10),
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DoneWithoutFinishReason_IsMalformedResponse()
    {
        // Arrange: content, then [DONE], but no chunk ever carried a finish_reason.
        _upstream.Enqueue(FakeUpstreamResponse.Raw(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n", "text/event-stream"));

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte with { FirstByte = TimeSpan.FromSeconds(10) }));

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.MalformedResponse);
        ex.Message.Should().Be("upstream provider sent a malformed response: the stream ended before the model finished its answer");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorStatusWithStalledBody_FailsWithinTheFirstByteTimeout()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Error(500) with { StallErrorBody = true });
        var started = Stopwatch.GetTimestamp();

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(10), "the caller would only give up after 15 s");
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
        ex.Status.Should().Be(500);
        ex.Message.Should().Be("500 status code (no body)");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FinishAndUsageIn_DoesNotWaitForDone()
    {
        // Arrange: the server keeps the connection open after its usage chunk; [DONE] never comes.
        _upstream.Enqueue(FakeUpstreamResponse.Text("all ", "there") with { HangBeforeDone = true });
        var started = Stopwatch.GetTimestamp();

        // Act
        var updates = await ChatClientCalls.DrainAsync(
            Client(ShortFirstByte), [new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m" }, new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);

        // Assert
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(5), "the between-chunk timeout is 10 s");
        string.Concat(updates.Select(u => u.Text)).Should().Be("all there");
        updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_InBandErrorWithAnHttpStatusCode_IsClassifiedByIt()
    {
        // Arrange: OpenRouter's shape for an upstream rate limit reported after the 200.
        _upstream.Enqueue(FakeUpstreamResponse.Raw("data: {\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}\n\n", "text/event-stream"));

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        (ex.Reason, ex.Status, ex.Message).Should().Be((ProviderFailureReason.RateLimit, 429, "429 Rate limit exceeded"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EventBeyond16MiB_IsAMalformedStream_NotUnboundedMemory()
    {
        // Arrange: one data line of 17 MiB without an end.
        _upstream.Enqueue(FakeUpstreamResponse.Raw("data: {\"x\":\"" + new string('x', 17 * 1024 * 1024), "text/event-stream"));

        // Act
        var ex = await CaptureAsync(Client(ShortFirstByte));

        // Assert
        (ex.Reason, ex.Message).Should().Be((ProviderFailureReason.MalformedResponse, "upstream provider sent a malformed response: a stream event is larger than 16 MiB"));
    }

    private OpenAiCompletionsChatClient Client(ProviderTimeouts timeouts) =>
        new(_http, new OpenAiEndpoint("fake", _upstream.BaseUrl, "sk-test", new Dictionary<string, string>()), timeouts);

    private static async Task<ProviderException> CaptureAsync(IChatClient client)
    {
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m" })
                .WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token))
            {
                _ = update;
            }
        }
        catch (ProviderException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("the stream completed without a provider failure");
    }
}

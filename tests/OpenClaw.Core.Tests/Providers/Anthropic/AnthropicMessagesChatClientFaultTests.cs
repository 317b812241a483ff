using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;
using static OpenClaw.Core.Tests.Support.ProviderFaultCases;

namespace OpenClaw.Core.Tests.Providers.Anthropic;

/// <summary>The faults only the Messages API has; those every provider shares are in <see cref="ProviderFaultTests"/>.</summary>
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
    public async Task GetStreamingResponseAsync_HeadersButNoEvent_TimesOutWhenTheFirstByteDeadlinePasses()
    {
        // Arrange: 200 and SSE headers, then nothing. Until the first event the first-byte deadline runs (the other
        // adapters switch to the between-chunks one at the headers); no byte of the body re-arms it.
        var clock = new FakeTimeProvider();
        await using var target = await ProviderFaultTarget.StartAsync("anthropic-messages");
        target.Enqueue(new FakeAnthropicResponse { HangAfterChunks = 0 });
        var call = CaptureAnyAsync(target.Client(FakeClock, clock), CancellationToken.None);
        await target.FirstResponseHeaders.WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        clock.Advance(FakeClock.FirstByte - TimeSpan.FromMilliseconds(1));
        var endedEarly = call.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var ex = (await call.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeOfType<ProviderException>().Subject;

        // Assert
        endedEarly.Should().BeFalse();
        ex.Reason.Should().Be(ProviderFailureReason.Timeout);
        (ex.Stalled, ex.Message).Should().Be((true, "upstream provider sent no response within 30s"));
        (await target.Calls.Single().WaitForCompletionAsync(TimeSpan.FromSeconds(5))).Kind.Should().Be(UpstreamOutcomeKind.ClientAborted);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SlowStreamWithPings_IsNotCutByTheBetweenEventsTimeout()
    {
        // Arrange: every event 250 ms apart, in real time, since what is tested is that the SDK's reads of the body
        // reach the deadline: between the text block's start and its first delta the SDK swallows a ping, so only
        // reads of the body (not yielded events) show within the 400 ms limit that the stream is alive (500 ms
        // between those two yields).
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

    private AnthropicMessagesChatClient Client(ProviderTimeouts? timeouts = null) =>
        new(new AnthropicClientCache(_http).Get(new AnthropicEndpoint("fake", _upstream.BaseUrl, "sk-ant-test", new Dictionary<string, string>())), timeouts ?? Relaxed);
}

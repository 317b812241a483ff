using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;

namespace OpenClaw.Core.Tests.Providers.Anthropic;

/// <summary>Against the real Messages API; skipped unless ANTHROPIC_API_KEY is set (model: ANTHROPIC_LIVE_MODEL).</summary>
public sealed class AnthropicLiveTests
{
    [LiveFact("ANTHROPIC_API_KEY")]
    public async Task GetStreamingResponseAsync_RealApi_StreamsAShortAnswerWithUsage()
    {
        // Arrange
        var timeouts = new ProviderTimeouts();
        using var http = ChatClientFactory.CreateHttpClient(timeouts);
        var endpoint = new AnthropicEndpoint("anthropic", new Uri(AnthropicEndpoint.DefaultBaseUrl), Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY"), new Dictionary<string, string>());
        var client = new AnthropicMessagesChatClient(new AnthropicClientCache(http).Get(endpoint), timeouts);
        var model = Environment.GetEnvironmentVariable("ANTHROPIC_LIVE_MODEL") is { Length: > 0 } configured ? configured : "claude-3-5-haiku-latest";

        // Act
        var updates = await DrainAsync(
            client,
            [new ChatMessage(ChatRole.System, "Answer with a single word."), new ChatMessage(ChatRole.User, "What colour is a clear daytime sky?")],
            new ChatOptions { ModelId = model, MaxOutputTokens = 20 });

        // Assert
        string.Concat(updates.Select(u => u.Text)).Should().NotBeNullOrWhiteSpace();
        updates.Count(u => u.FinishReason is not null).Should().Be(1);
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle().Subject.Details;
        usage.InputTokenCount.Should().BePositive();
        usage.OutputTokenCount.Should().BePositive();
    }
}

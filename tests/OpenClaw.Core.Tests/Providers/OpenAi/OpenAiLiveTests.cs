using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

/// <summary>Against api.openai.com; runs only with <c>OPENAI_API_KEY</c> set (model: <c>OPENAI_LIVE_MODEL</c>).</summary>
public sealed class OpenAiLiveTests
{
    [LiveFact("OPENAI_API_KEY")]
    public async Task GetStreamingResponseAsync_RealApi_StreamsTextWithUsage()
    {
        // Arrange
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        var model = Environment.GetEnvironmentVariable("OPENAI_LIVE_MODEL") is { Length: > 0 } m ? m : "gpt-4.1-mini";
        var client = new OpenAiCompletionsChatClient(
            http, new OpenAiEndpoint("openai", new Uri("https://api.openai.com/v1"), key, new Dictionary<string, string>()), new ProviderTimeouts());

        // Act
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(
            [new(ChatRole.User, "Reply with the single word: pong")], new ChatOptions { ModelId = model, MaxOutputTokens = 20 }))
        {
            updates.Add(update);
        }

        // Assert
        string.Concat(updates.Select(u => u.Text)).Should().ContainEquivalentOf("pong");
        updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details.OutputTokenCount.Should().BePositive();
        updates.Should().Contain(u => u.FinishReason == ChatFinishReason.Stop);
    }
}

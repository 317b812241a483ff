using Microsoft.Extensions.AI;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Ollama;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>
/// Against a real Ollama: <c>OLLAMA_LIVE_URL</c> (e.g. <c>http://127.0.0.1:11434</c>) and optionally
/// <c>OLLAMA_LIVE_MODEL</c> (default <c>llama3.2</c>, which must already be pulled).
/// </summary>
public sealed class OllamaLiveTests
{
    [LiveFact("OLLAMA_LIVE_URL")]
    public async Task GetStreamingResponseAsync_RealOllama_StreamsAShortAnswerWithUsage()
    {
        // Arrange
        var model = Environment.GetEnvironmentVariable("OLLAMA_LIVE_MODEL") is { Length: > 0 } name ? name : "llama3.2";
        using var factory = new ChatClientFactory(new ProviderTimeouts { FirstByte = TimeSpan.FromMinutes(3) });
        var client = factory.Create(new ResolvedModel
        {
            Ref = new ModelRef("ollama", model),
            Api = "ollama",
            Definition = new ModelDefinition { Id = model },
            BaseUrl = Environment.GetEnvironmentVariable("OLLAMA_LIVE_URL"),
        });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        // Act
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "Reply with the single word: pong")],
            new ChatOptions { ModelId = model, MaxOutputTokens = 20, Temperature = 0 },
            deadline.Token))
        {
            updates.Add(update);
        }

        // Assert
        client.Should().BeOfType<OllamaChatClient>();
        string.Concat(updates.Select(u => u.Text)).Should().NotBeNullOrWhiteSpace();
        updates.Where(u => u.FinishReason is not null).Should().ContainSingle();
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        usage.OutputTokenCount.Should().BePositive();
        usage.TotalTokenCount.Should().Be(usage.InputTokenCount + usage.OutputTokenCount);
    }
}

using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Tests.Providers;

public sealed class ProviderTimeoutsTests
{
    [Fact]
    public void Defaults_LetAMerelySlowModelFinish()
    {
        // Arrange: a cloud model 90 s to its first byte with 65 s pauses; a local model on a CPU slower still.
        var timeouts = new ProviderTimeouts();

        // Act
        var cloud = timeouts.For(Model("openai-completions", "https://api.openai.com/v1"));
        var local = timeouts.For(Model("ollama", "http://127.0.0.1:11434"));

        // Assert
        cloud.FirstByte.Should().BeGreaterThan(TimeSpan.FromSeconds(90));
        cloud.BetweenChunks.Should().BeGreaterThan(TimeSpan.FromSeconds(65));
        (local.FirstByte, local.BetweenChunks).Should().Be((TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(300)));
    }

    [Fact]
    public void For_ProviderTimeoutSeconds_ReplacesBothWaits()
    {
        // Arrange
        var timeouts = new ProviderTimeouts();

        // Act
        var configured = timeouts.For(Model("openai-completions", "https://api.openai.com/v1") with { TimeoutSeconds = 900 });

        // Assert
        (configured.FirstByte, configured.BetweenChunks, configured.Connect).Should().Be((TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("openai-completions", "http://127.0.0.1:8000/v1", true)]
    [InlineData("openai-completions", "http://localhost:1234/v1", true)]
    [InlineData("openai-completions", "http://[::1]:8000/v1", true)]
    [InlineData("openai-completions", "http://10.0.0.7:8000/v1", true)]
    [InlineData("openai-completions", "http://172.20.1.1/v1", true)]
    [InlineData("openai-completions", "http://192.168.1.20:11434/v1", true)]
    [InlineData("openai-completions", "http://100.101.102.103:8000/v1", true)]
    [InlineData("openai-completions", "http://[fd12::1]:8000/v1", true)]
    [InlineData("openai-completions", "http://gpu-box:8000/v1", true)]
    [InlineData("openai-completions", "http://llm.local:8000/v1", true)]
    [InlineData("openai-completions", "http://llm.home.arpa/v1", true)]
    [InlineData("ollama", "https://ollama.example.com", true)]
    [InlineData("openai-completions", "https://api.openai.com/v1", false)]
    [InlineData("anthropic-messages", "https://api.anthropic.com", false)]
    [InlineData("openai-completions", "http://172.32.0.1/v1", false)]
    [InlineData("openai-completions", "http://8.8.8.8/v1", false)]
    [InlineData("openai-completions", null, false)]
    public void IsSelfHosted_ClassifiesByApiAndBaseUrl(string api, string? baseUrl, bool expected)
    {
        // Act / Assert
        ProviderLocality.IsSelfHosted(api, baseUrl).Should().Be(expected);
    }

    private static ResolvedModel Model(string api, string baseUrl) => new()
    {
        Ref = new ModelRef("p", "m"),
        Api = api,
        BaseUrl = baseUrl,
        Definition = new ModelDefinition { Id = "m" },
    };
}

using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Configuration;

public class ConfigBinderModelsTests
{
    [Fact]
    public void Bind_Providers_BindsInConfigOrderWithModelDefinitions()
    {
        // Act
        var config = TestConfig.Bind("""
            { models: { mode: 'replace', providers: {
                mock: { baseUrl: 'http://127.0.0.1:18900/v1', apiKey: 'mock-local', api: 'openai-completions', headers: { 'x-a': 'b' },
                        models: [ { id: 'mock-model', name: 'Mock Model', reasoning: true, input: ['text', 'image'],
                                    cost: { input: 0, output: 0 }, contextWindow: 128000, maxTokens: 4096 } ] },
                local: { baseUrl: 'http://127.0.0.1:11434', api: 'ollama' } } } }
            """);

        // Assert
        config.Models.Mode.Should().Be("replace");
        config.Models.Providers.Select(p => p.Id).Should().Equal("mock", "local");
        var mock = config.Models.Providers[0];
        (mock.Api, mock.BaseUrl, mock.ApiKey).Should().Be(("openai-completions", "http://127.0.0.1:18900/v1", "mock-local"));
        mock.Headers.Should().Equal(new Dictionary<string, string> { ["x-a"] = "b" });
        mock.Models.Single().Should().BeEquivalentTo(new ModelDefinition
        {
            Id = "mock-model", Name = "Mock Model", Reasoning = true, Input = ["text", "image"], ContextWindow = 128_000, MaxTokens = 4_096,
        });
        config.Models.Providers[1].Api.Should().Be("ollama");
    }

    [Fact]
    public void Bind_ProviderWithoutApi_DefaultsToOpenAiCompletions()
    {
        // Act
        var config = TestConfig.Bind("{ models: { providers: { vllm: { baseUrl: 'http://h/v1', models: [ { id: 'm' } ] } } } }");

        // Assert
        var provider = config.Models.Providers.Single();
        provider.Api.Should().Be("openai-completions");
        provider.Models.Single().Should().BeEquivalentTo(new ModelDefinition { Id = "m", Input = ["text"], ContextWindow = 128_000, MaxTokens = 8_192 });
    }

    [Theory]
    [InlineData("openai-responses")]
    [InlineData("google-generative-ai")]
    public void Bind_UnsupportedProviderApi_FailsNamingTheProvider(string api)
    {
        // Act
        var message = TestConfig.BindError($"{{ models: {{ providers: {{ gem: {{ api: '{api}' }} }} }} }}");

        // Assert
        message.Should().Be(
            $"invalid config: models.providers.gem.api: provider 'gem' uses api '{api}', which this gateway does not support (supported: openai-completions, anthropic-messages, ollama)");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://host/v1")]
    [InlineData("/relative/v1")]
    public void Bind_ProviderBaseUrlThatIsNotHttp_Fails(string baseUrl)
    {
        // Act
        var message = TestConfig.BindError($"{{ models: {{ providers: {{ p: {{ baseUrl: '{baseUrl}' }} }} }} }}");

        // Assert
        message.Should().Be($"invalid config: models.providers.p.baseUrl: expected an absolute http(s) URL, received \"{baseUrl}\"");
    }

    [Fact]
    public void Bind_ModelWithoutId_Fails()
    {
        // Act
        var message = TestConfig.BindError("{ models: { providers: { p: { models: [ { name: 'x' } ] } } } }");

        // Assert
        message.Should().Be("invalid config: models.providers.p.models[0].id: required");
    }

    [Fact]
    public void Bind_ModelsMode_OnlyMergeOrReplace()
    {
        // Act
        var message = TestConfig.BindError("{ models: { mode: 'append' } }");

        // Assert
        message.Should().Be("invalid config: models.mode: expected one of merge, replace, received \"append\"");
    }
}

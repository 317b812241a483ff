using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Models;

public class ModelResolverTests
{
    private const string TwoProviders = """
        { agents: { defaults: { model: 'mock/mock-model', models: { 'mock/big-model': { alias: 'Big', params: { temperature: 0.3 } } } },
                    list: [ { id: 'main' }, { id: 'beta', model: { primary: 'local/llama' } } ] },
          models: { mode: 'replace', providers: {
            mock: { baseUrl: 'http://127.0.0.1:18900/v1', apiKey: 'mock-local', headers: { 'x-h': 'v' },
                    models: [ { id: 'mock-model', maxTokens: 4096 }, { id: 'big-model' }, { id: 'shared' } ] },
            local: { baseUrl: 'http://127.0.0.1:8000/v1', models: [ { id: 'llama' }, { id: 'shared' } ] } } } }
        """;

    private static readonly DictionaryEnvironment NoEnv = new();

    [Fact]
    public void Resolve_NothingOverridden_UsesDefaultsModel()
    {
        // Act
        var (model, error) = ModelResolver.Resolve(TestConfig.Bind(TwoProviders), "main", null, null, NoEnv);

        // Assert
        error.Should().BeNull();
        model!.Ref.Should().Be(new ModelRef("mock", "mock-model"));
        model.Api.Should().Be("openai-completions");
        model.BaseUrl.Should().Be("http://127.0.0.1:18900/v1");
        model.ApiKey.Should().Be("mock-local");
        model.Headers.Should().ContainKey("x-h");
        model.Definition.MaxTokens.Should().Be(4096);
    }

    [Fact]
    public void Resolve_AgentModel_WinsOverDefaults()
    {
        // Act
        var (model, _) = ModelResolver.Resolve(TestConfig.Bind(TwoProviders), "beta", null, null, NoEnv);

        // Assert
        model!.Ref.Should().Be(new ModelRef("local", "llama"));
    }

    [Fact]
    public void Resolve_SessionOverride_WinsOverAgentModel()
    {
        // Act
        var (model, _) = ModelResolver.Resolve(TestConfig.Bind(TwoProviders), "beta", null, "mock/big-model", NoEnv);

        // Assert
        model!.Ref.Should().Be(new ModelRef("mock", "big-model"));
    }

    [Fact]
    public void Resolve_RunOverride_WinsOverSessionOverride()
    {
        // Act
        var (model, _) = ModelResolver.Resolve(TestConfig.Bind(TwoProviders), "beta", "local/shared", "mock/big-model", NoEnv);

        // Assert
        model!.Ref.Should().Be(new ModelRef("local", "shared"));
    }

    [Theory]
    [InlineData("big")]
    [InlineData("BIG")]
    [InlineData(" Big ")]
    public void ResolveRef_Alias_ResolvesToAliasedRefWithItsParams(string alias)
    {
        // Act
        var (model, _) = ModelResolver.ResolveRef(TestConfig.Bind(TwoProviders), alias, NoEnv);

        // Assert
        model!.Ref.Should().Be(new ModelRef("mock", "big-model"));
        model.Params!["temperature"]!.GetValue<double>().Should().Be(0.3);
    }

    [Fact]
    public void ResolveRef_BareModelId_FindsFirstDeclaringProviderInConfigOrder()
    {
        // Act
        var (llama, _) = ModelResolver.ResolveRef(TestConfig.Bind(TwoProviders), "llama", NoEnv);
        var (shared, _) = ModelResolver.ResolveRef(TestConfig.Bind(TwoProviders), "shared", NoEnv);

        // Assert
        llama!.Ref.Should().Be(new ModelRef("local", "llama"));
        shared!.Ref.Should().Be(new ModelRef("mock", "shared"));
    }

    [Theory]
    [InlineData("unknown-model")]
    [InlineData("/x")]
    [InlineData("mock/")]
    public void ResolveRef_UnknownBareIdOrMalformedRef_IsUnknownModel(string text)
    {
        // Act
        var (model, error) = ModelResolver.ResolveRef(TestConfig.Bind(TwoProviders), text, NoEnv);

        // Assert
        model.Should().BeNull();
        error.Should().Be(new ModelResolutionError($"Unknown model '{text}'."));
    }

    [Fact]
    public void ResolveRef_ModelNotListedByDeclaredProvider_SplitsOnFirstSlashAndUsesDefaultDefinition()
    {
        // Act
        var (model, error) = ModelResolver.ResolveRef(TestConfig.Bind(TwoProviders), "local/meta/llama-3", NoEnv);

        // Assert
        error.Should().BeNull();
        model!.Ref.Should().Be(new ModelRef("local", "meta/llama-3"));
        model.Definition.Should().BeEquivalentTo(new ModelDefinition { Id = "meta/llama-3", ContextWindow = 128_000, MaxTokens = 8_192, Input = ["text"] });
    }

    [Theory]
    [InlineData("openai/gpt-4.1", "OPENAI_API_KEY", "openai-completions", "https://api.openai.com/v1")]
    [InlineData("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY", "anthropic-messages", "https://api.anthropic.com")]
    public void ResolveRef_ImplicitProviderInMergeModeWithKey_Resolves(string text, string variable, string api, string baseUrl)
    {
        // Arrange
        var env = new DictionaryEnvironment(new Dictionary<string, string> { [variable] = "sk-env" });

        // Act
        var (model, error) = ModelResolver.ResolveRef(TestConfig.Bind("{}"), text, env);

        // Assert
        error.Should().BeNull();
        (model!.Api, model.BaseUrl, model.ApiKey).Should().Be((api, baseUrl, "sk-env"));
    }

    [Fact]
    public void ResolveRef_ImplicitOllamaInMergeMode_NeedsNoKey()
    {
        // Act
        var (model, error) = ModelResolver.ResolveRef(TestConfig.Bind("{}"), "ollama/llama3", NoEnv);

        // Assert
        error.Should().BeNull();
        (model!.Api, model.BaseUrl, model.ApiKey).Should().Be(("ollama", "http://127.0.0.1:11434", null));
    }

    [Theory]
    [InlineData("{}", "openai/gpt-4.1", "openai")]
    [InlineData("{}", "anthropic/claude", "anthropic")]
    [InlineData("{ models: { mode: 'replace', providers: { mock: { models: [ { id: 'm' } ] } } } }", "openai/gpt-4.1", "openai")]
    [InlineData("{ models: { mode: 'replace', providers: { mock: {} } } }", "ollama/llama3", "ollama")]
    [InlineData("{}", "nowhere/model", "nowhere")]
    public void ResolveRef_NoCredentialsOrNoRoute_IsAuthError(string config, string text, string provider)
    {
        // Act
        var (model, error) = ModelResolver.ResolveRef(TestConfig.Bind(config), text, NoEnv);

        // Assert
        model.Should().BeNull();
        error.Should().Be(new ModelResolutionError($"No route-compatible authentication source is configured for {provider}.", IsAuth: true, provider));
    }

    [Fact]
    public void ResolveApiKey_LiteralValue_IsUsedAsIs()
    {
        // Act
        var key = ModelResolver.ResolveApiKey(Provider("p", "sk-literal-123"), Env(("P_API_KEY", "from-env")));

        // Assert
        key.Should().Be("sk-literal-123");
    }

    [Fact]
    public void ResolveApiKey_ValueThatNamesASetVariable_ReadsTheVariable()
    {
        // Act
        var key = ModelResolver.ResolveApiKey(Provider("p", "MY_PROVIDER_SECRET"), Env(("MY_PROVIDER_SECRET", "sk-from-var")));

        // Assert
        key.Should().Be("sk-from-var");
    }

    [Fact]
    public void ResolveApiKey_ValueThatNamesAnUnsetVariable_IsTheLiteral()
    {
        // Act
        var key = ModelResolver.ResolveApiKey(Provider("p", "MY_PROVIDER_SECRET"), NoEnv);

        // Assert
        key.Should().Be("MY_PROVIDER_SECRET");
    }

    [Theory]
    [InlineData("openai", "OPENAI_API_KEY")]
    [InlineData("my-gw", "MY_GW_API_KEY")]
    public void ResolveApiKey_NoConfiguredKey_ReadsProviderApiKeyVariable(string providerId, string variable)
    {
        // Act
        var key = ModelResolver.ResolveApiKey(Provider(providerId, null), Env((variable, "sk-conventional")));

        // Assert
        key.Should().Be("sk-conventional");
    }

    [Fact]
    public void ResolveApiKey_NothingConfigured_IsNull()
    {
        // Act
        var key = ModelResolver.ResolveApiKey(Provider("p", null), NoEnv);

        // Assert
        key.Should().BeNull();
    }

    [Fact]
    public void Resolve_NoProviderDeclaredAndNoModel_FallsBackToEcho()
    {
        // Arrange
        var config = TestConfig.Bind("{}");

        // Act
        var (model, error) = ModelResolver.Resolve(config, "main", null, null, NoEnv);

        // Assert
        error.Should().BeNull();
        model!.Api.Should().Be("echo");
        ModelResolver.UsesOfflineModel(config, "main").Should().BeTrue();
    }

    [Fact]
    public void Resolve_ProvidersDeclaredButNoModel_IsNoModelConfiguredError()
    {
        // Arrange
        var config = TestConfig.Bind("{ models: { providers: { mock: { models: [ { id: 'm' } ] } } } }");

        // Act
        var (model, error) = ModelResolver.Resolve(config, "main", null, null, NoEnv);

        // Assert
        model.Should().BeNull();
        error.Should().Be(new ModelResolutionError("No model configured for agent 'main'."));
        ModelResolver.UsesOfflineModel(config, "main").Should().BeFalse();
    }

    [Fact]
    public void IsAllowed_NonEmptyModelsTable_IsAnAllowlist()
    {
        // Arrange
        var open = TestConfig.Bind("{}");
        var restricted = TestConfig.Bind(TwoProviders);

        // Act
        var anyWhenOpen = ModelResolver.IsAllowed(open, new ModelRef("any", "thing"));
        var listed = ModelResolver.IsAllowed(restricted, new ModelRef("mock", "big-model"));
        var unlisted = ModelResolver.IsAllowed(restricted, new ModelRef("local", "llama"));

        // Assert
        anyWhenOpen.Should().BeTrue();
        listed.Should().BeTrue();
        unlisted.Should().BeFalse();
    }

    private static ProviderConfig Provider(string id, string? apiKey) => new() { Id = id, Api = "openai-completions", ApiKey = apiKey };

    private static DictionaryEnvironment Env(params (string Name, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value));
}

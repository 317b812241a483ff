using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Providers;

public sealed class ChatClientFactoryTests
{
    [Fact]
    public void Create_AnthropicMessages_IsTheAnthropicAdapter()
    {
        // Arrange
        using var factory = new ChatClientFactory(new ProviderTimeouts());

        // Act
        var client = factory.Create(Model("anthropic-messages"));

        // Assert
        client.Should().BeOfType<AnthropicMessagesChatClient>();
    }

    [Fact]
    public void Create_UnknownApi_IsAnInternalProviderError()
    {
        // Arrange
        using var factory = new ChatClientFactory(new ProviderTimeouts());

        // Act
        var act = () => factory.Create(Model("google-generative-ai"));

        // Assert
        act.Should().Throw<ProviderException>().Which.Reason.Should().Be(RunErrorReasons.Internal);
    }

    private static ResolvedModel Model(string api) => new()
    {
        Ref = new ModelRef("p", "m"),
        Api = api,
        Definition = new ModelDefinition { Id = "m" },
    };
}

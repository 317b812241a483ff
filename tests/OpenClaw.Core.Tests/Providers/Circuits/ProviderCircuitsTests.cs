using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers.Circuits;

namespace OpenClaw.Core.Tests.Providers.Circuits;

public sealed class ProviderCircuitsTests
{
    [Fact]
    public void For_TwoModelsOfOneProvider_ShareOneBreaker_OtherProvidersHaveTheirOwn()
    {
        // Arrange
        var circuits = new ProviderCircuits(new ProviderCircuitOptions(), new FakeTimeProvider());

        // Act
        var a = circuits.For(Model("openai", "gpt-4.1"));
        var b = circuits.For(Model("openai", "gpt-4.1-mini"));
        var c = circuits.For(Model("anthropic", "claude"));

        // Assert
        a.Should().BeSameAs(b);
        c.Should().NotBeSameAs(a);
    }

    [Fact]
    public void For_DisabledOrEchoModel_IsNull()
    {
        // Arrange
        var disabled = new ProviderCircuits(new ProviderCircuitOptions { Enabled = false }, new FakeTimeProvider());
        var enabled = new ProviderCircuits(new ProviderCircuitOptions(), new FakeTimeProvider());

        // Act / Assert
        disabled.For(Model("openai", "gpt-4.1")).Should().BeNull();
        enabled.For(Model("echo", "echo", api: "echo")).Should().BeNull();
    }

    [Fact]
    public void Unhealthy_ListsOnlyCircuitsThatAreNotClosed()
    {
        // Arrange
        var circuits = new ProviderCircuits(new ProviderCircuitOptions { FailureThreshold = 1 }, new FakeTimeProvider());
        circuits.For(Model("good", "m"))!.TryEnter(out _)!.Complete(CallVerdict.Healthy);
        circuits.For(Model("bad", "m"))!.TryEnter(out _)!.Complete(CallVerdict.Failed, "timeout");

        // Act
        var unhealthy = circuits.Unhealthy();

        // Assert
        unhealthy.Select(s => (s.ProviderId, s.State)).Should().Equal(("bad", ProviderCircuitStatus.Open));
        circuits.All().Select(s => s.ProviderId).Should().Equal("bad", "good");
    }

    private static ResolvedModel Model(string provider, string model, string api = "openai-completions") => new()
    {
        Ref = new ModelRef(provider, model),
        Api = api,
        Definition = new Core.Configuration.ModelDefinition { Id = model },
    };
}

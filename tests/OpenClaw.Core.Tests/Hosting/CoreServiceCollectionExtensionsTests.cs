using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Hosting;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Hosting;

public sealed class CoreServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOpenClawCore_BindsTheProviderRunAndToolSettings_FromTheHostsConfiguration()
    {
        // Arrange
        using var services = Services(new()
        {
            ["OpenClaw:Providers:MaxAttempts"] = "5",
            ["OpenClaw:Providers:RetryBaseDelayMilliseconds"] = "250",
            ["OpenClaw:Providers:CircuitBreaker:FailureThreshold"] = "7",
            ["OpenClaw:Runs:MaxQueuedRuns"] = "9",
            ["OpenClaw:Runs:QueueTimeoutSeconds"] = "4",
            ["OpenClaw:Tools:ExecEnabled"] = "false",
        });

        // Act
        var retry = services.GetRequiredService<ProviderRetryPolicy>();
        var limits = services.GetRequiredService<RunLimits>();
        var tools = services.GetRequiredService<ToolHostSettings>();

        // Assert
        (retry.MaxAttempts, retry.BaseDelay).Should().Be((5, TimeSpan.FromMilliseconds(250)));
        (limits.MaxQueuedRuns, limits.QueueTimeout).Should().Be((9, TimeSpan.FromSeconds(4)));
        tools.ExecEnabled.Should().BeFalse();
        tools.FsWorkspaceOnly.Should().BeTrue("an unset switch keeps its default");
        services.GetRequiredService<ProviderCircuits>().Should().NotBeNull();
    }

    [Theory]
    [InlineData("OpenClaw:Providers:MaxAttempts", "0", typeof(ProviderRetryPolicy))]
    [InlineData("OpenClaw:Providers:CircuitBreaker:BreakSeconds", "0", typeof(ProviderCircuits))]
    [InlineData("OpenClaw:Runs:MaxQueuedRuns", "0", typeof(RunLimits))]
    public void AddOpenClawCore_ASettingOutOfRange_IsRefusedWithItsName(string key, string value, Type service)
    {
        // Arrange
        using var services = Services(new() { [key] = value });

        // Act
        var resolve = () => services.GetRequiredService(service);

        // Assert
        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(key.Split(':')[^1]);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddLogging();
        collection.AddOpenClawCore(new TestConfigSource(TestConfig.Snapshot(TestConfig.Bind("{}"), Path.GetTempPath())));
        return collection.BuildServiceProvider();
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Logging;

public sealed class BootstrapLoggingTests
{
    [Fact]
    public async Task InvalidConfigFile_IsLoggedBeforeTheHostExists_InTheConfiguredFormat()
    {
        // Arrange
        var dir = Directory.CreateTempSubdirectory("openclaw-boot-").FullName;
        var configPath = Path.Combine(dir, "openclaw.json");
        await File.WriteAllTextAsync(configPath, "{ gateway: ");
        var log = new CapturedLog();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpenClaw:StateDir"] = dir,
            ["OpenClaw:ConfigPath"] = configPath,
            ["OpenClaw:Logging:Format"] = "json",
            ["Serilog:MinimumLevel"] = "Warning",
        });
        builder.Services.AddSingleton(new GatewayLogOutput(log));

        // Act
        var start = () => builder.AddGateway();

        // Assert
        start.Should().Throw<ConfigException>().Which.Message.Should().Contain("JSON5 syntax error");
        var line = JsonDocument.Parse(log.Lines.Should().ContainSingle().Subject).RootElement;
        line.GetProperty("Level").GetString().Should().Be("Fatal");
        line.GetProperty("Properties").GetProperty("EventId").GetProperty("Name").GetString().Should().Be("StartupRefused");
        line.GetProperty("Properties").GetProperty("Reason").GetString().Should().Contain("JSON5 syntax error");
        GatewayFactory.TryDelete(dir);
    }
}

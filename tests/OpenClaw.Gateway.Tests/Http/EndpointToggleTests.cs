using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Http;

public sealed class EndpointToggleTests
{
    private const string Disabled = """
        { gateway: { auth: { token: 'test-token-0123456789' } } }
        """;

    [Theory]
    [InlineData(true, "POST")]
    [InlineData(false, "POST")]
    [InlineData(true, "GET")]
    public async Task DisabledChatCompletions_IsNotFound_WithOrWithoutToken(bool withToken, string method)
    {
        // Arrange
        await using var factory = new GatewayFactory(Disabled);
        var client = withToken ? factory.CreateAuthorizedClient() : factory.CreateClient();

        // Act
        var response = await client.SendAsync(HttpTestExtensions.Request(new HttpMethod(method), "/v1/chat/completions", method == "POST" ? "{}" : null));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("Not Found");
    }

    [Fact]
    public async Task EnablingChatCompletions_TakesEffectWithoutRestart()
    {
        // Arrange
        await using var factory = new GatewayFactory(Disabled);
        var client = factory.CreateAuthorizedClient();
        (await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Act
        await File.WriteAllTextAsync(factory.ConfigPath, TestConfigs.EchoOnly);

        // Assert
        await Eventually.TrueAsync(async () => (await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task InvalidConfigEdit_KeepsTheLastGoodConfig()
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        await using var factory = new GatewayFactory(settings: new Dictionary<string, string?> { ["Serilog:MinimumLevel"] = "Information" });
        using var gateway = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = gateway.CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestConfigs.Token);

        // Act: the watcher has read the edit once it says it skipped it.
        await File.WriteAllTextAsync(factory.ConfigPath, "{ gateway: { port: 'not a port' } }");
        await Eventually.TrueAsync(() => Task.FromResult(logs.Entries.Any(e => e.EventId.Name == "ConfigReloadSkipped" && e.Message.Contains("gateway.port", StringComparison.Ordinal))));

        // Assert
        logs.Entries.Should().NotContain(e => e.EventId.Name == "ConfigReloaded");
        (await client.PostRawAsync(HttpTestExtensions.ChatBody("still here"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokenRotation_TakesEffectWithoutRestart()
    {
        // Arrange
        await using var factory = new GatewayFactory();
        var rotated = TestConfigs.EchoOnly.Replace(TestConfigs.Token, "rotated-token-9876543210", StringComparison.Ordinal);

        // Act
        await File.WriteAllTextAsync(factory.ConfigPath, rotated);

        // Assert
        await Eventually.TrueAsync(async () =>
            (await factory.CreateAuthorizedClient("rotated-token-9876543210").PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode == HttpStatusCode.OK);
        (await factory.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

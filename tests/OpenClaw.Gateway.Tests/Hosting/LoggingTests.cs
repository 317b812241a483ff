using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Hosting;

public sealed class LoggingTests
{
    [Fact]
    public async Task PromptsCompletionsAndSecrets_NeverReachInformationLogs()
    {
        // Arrange
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("COMPLETION-SECRET-456"));
        var capture = new CapturingLoggerProvider();
        await using var gateway = new GatewayFactory(TestConfigs.Upstream(upstream.BaseUrl), new Dictionary<string, string?> { ["Serilog:MinimumLevel"] = "Verbose" });
        using var configured = gateway.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(capture)));

        // Act
        var ok = await configured.CreateDefaultClient().SendAsync(Authorized(HttpTestExtensions.ChatBody("PROMPT-SECRET-123", "openclaw/main")));
        await configured.CreateDefaultClient().PostRawAsync(HttpTestExtensions.ChatBody("x"), headers: ("Authorization", "Bearer WRONG-TOKEN-789"));

        // Assert
        ok.IsSuccessStatusCode.Should().BeTrue();
        capture.Entries.Should().Contain(e => e.Level == LogLevel.Information && e.Message.Contains("run chatcmpl_", StringComparison.Ordinal));
        capture.Entries.Where(e => e.Level >= LogLevel.Information).Should().NotContain(e =>
            e.Message.Contains("PROMPT-SECRET-123", StringComparison.Ordinal)
            || e.Message.Contains("COMPLETION-SECRET-456", StringComparison.Ordinal)
            || e.Message.Contains("WRONG-TOKEN-789", StringComparison.Ordinal)
            || e.Message.Contains(TestConfigs.Token, StringComparison.Ordinal)
            || e.Message.Contains("mock-local", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonFormat_WritesOneJsonObjectPerEvent()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OpenClaw:Logging:Format"] = "json" }).Build();
        using var output = new StringWriter();
        var logger = GatewayLogging.CreateLogger(configuration, output);

        // Act
        logger.Information("session store ({Provider}) at {Location}", "sqlite", "/tmp/x.sqlite");

        // Assert
        var line = JsonDocument.Parse(output.ToString().Trim()).RootElement;
        line.GetProperty("Level").GetString().Should().Be("Information");
        line.GetProperty("RenderedMessage").GetString().Should().Be("session store (\"sqlite\") at \"/tmp/x.sqlite\"");
        line.GetProperty("Properties").GetProperty("Provider").GetString().Should().Be("sqlite");
    }

    [Fact]
    public void TextFormat_IsTheDefault()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var output = new StringWriter();

        GatewayLogging.CreateLogger(configuration, output).Warning("hello {Name}", "world");

        output.ToString().Should().MatchRegex(@"^\[\d{2}:\d{2}:\d{2} WRN\] : hello world\n$");
    }

    private static HttpRequestMessage Authorized(string body)
    {
        var request = HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, body);
        request.Headers.Authorization = new("Bearer", TestConfigs.Token);
        return request;
    }
}

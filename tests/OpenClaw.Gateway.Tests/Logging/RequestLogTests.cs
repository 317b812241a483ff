using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Logging;

public sealed class RequestLogTests : IAsyncLifetime
{
    private const string Prompt = "PROMPT-SECRET-123";
    private const string Completion = "COMPLETION-SECRET-456";
    private const string QueryToken = "QUERY-SECRET-42";
    private const string WrongToken = "WRONG-TOKEN-789";

    private readonly List<GatewayFactory> _gateways = [];
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task NonStreamingChatCompletion_IsOneJsonLine_WithItsRunAgentStatusAndDuration()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text(Completion));
        var log = new CapturedLog();
        await using var gateway = Gateway(log, "json");

        // Act
        using var response = await Authorized(gateway).PostRawAsync(HttpTestExtensions.ChatBody(Prompt, "openclaw/beta"));
        var runId = (await response.JsonAsync()).GetProperty("id").GetString();
        var line = await RequestLineAsync(log, HttpTestExtensions.ChatPath);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        line.GetProperty("Level").GetString().Should().Be("Information");
        var fields = line.GetProperty("Properties");
        fields.GetProperty("RequestMethod").GetString().Should().Be("POST");
        fields.GetProperty("StatusCode").GetInt32().Should().Be(200);
        fields.GetProperty("Elapsed").GetDouble().Should().BeGreaterThan(0);
        fields.GetProperty("AgentId").GetString().Should().Be("beta");
        fields.GetProperty("RunId").GetString().Should().StartWith("chatcmpl_").And.Be(runId);
        fields.GetProperty("Streaming").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task StreamingChatCompletion_IsLoggedOnceTheStreamEnds_AsStreaming()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text("one ", "two"));
        var log = new CapturedLog();
        await using var gateway = Gateway(log, "json");

        // Act
        using var response = await Authorized(gateway).PostRawAsync(HttpTestExtensions.ChatBody(Prompt, "openclaw/main", stream: true));
        var frames = await response.SseDataAsync();
        var runId = JsonDocument.Parse(frames[0]).RootElement.GetProperty("id").GetString();
        var line = await RequestLineAsync(log, HttpTestExtensions.ChatPath);

        // Assert
        frames[^1].Should().Be("[DONE]");
        var fields = line.GetProperty("Properties");
        fields.GetProperty("StatusCode").GetInt32().Should().Be(200);
        fields.GetProperty("AgentId").GetString().Should().Be("main");
        fields.GetProperty("RunId").GetString().Should().Be(runId);
        fields.GetProperty("Streaming").GetBoolean().Should().BeTrue();
        fields.GetProperty("Elapsed").GetDouble().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task UnauthorizedAndNotFound_AreLogged_WithoutAgentOrRun()
    {
        // Arrange
        var log = new CapturedLog();
        await using var gateway = Gateway(log, "json");

        // Act
        using var unauthorized = await gateway.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody(Prompt));
        using var notFound = await Authorized(gateway).GetAsync("/no/such/route");
        var denied = await RequestLineAsync(log, HttpTestExtensions.ChatPath);
        var missing = await RequestLineAsync(log, "/no/such/route");

        // Assert
        unauthorized.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        notFound.StatusCode.Should().Be(HttpStatusCode.NotFound);
        denied.GetProperty("Level").GetString().Should().Be("Information");
        denied.GetProperty("Properties").GetProperty("StatusCode").GetInt32().Should().Be(401);
        denied.GetProperty("Properties").GetProperty("AgentId").ValueKind.Should().Be(JsonValueKind.Null);
        denied.GetProperty("Properties").GetProperty("RunId").ValueKind.Should().Be(JsonValueKind.Null);
        missing.GetProperty("Properties").GetProperty("RequestMethod").GetString().Should().Be("GET");
        missing.GetProperty("Properties").GetProperty("StatusCode").GetInt32().Should().Be(404);
        missing.GetProperty("Properties").GetProperty("Streaming").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task TextFormat_WritesEveryFieldOnOneLine()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text(Completion));
        var log = new CapturedLog();
        await using var gateway = Gateway(log, "text");

        // Act
        using var response = await Authorized(gateway).PostRawAsync(HttpTestExtensions.ChatBody(Prompt, "openclaw/main"));
        var runId = (await response.JsonAsync()).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(() => Task.FromResult(log.Lines.Any(l => l.Contains("HTTP POST", StringComparison.Ordinal))));

        // Assert
        log.Lines.Should().ContainSingle(l => l.Contains("HTTP POST", StringComparison.Ordinal)).Which.Should().MatchRegex(
            @"^\[\d{2}:\d{2}:\d{2} INF\] Serilog\.AspNetCore\.RequestLoggingMiddleware: HTTP POST /v1/chat/completions responded 200 in \d+\.\d ms "
            + $@"\(agent main, run {runId}, streaming false\)$");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public async Task TokensPromptsAndCompletions_NeverReachTheLog(string format)
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text(Completion));
        _upstream.Enqueue(FakeUpstreamResponse.Text(Completion));
        var log = new CapturedLog();
        // Real Kestrel: TestServer gives the request log no raw target, so a query string could not leak there.
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(_upstream.BaseUrl), Levels(format), services: s => s.AddSingleton(new GatewayLogOutput(log)));
        var path = $"{HttpTestExtensions.ChatPath}?token={QueryToken}";

        // Act
        using var ok = await gateway.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody(Prompt, "openclaw/main"), path);
        using var streamed = await gateway.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody(Prompt, "openclaw/main", stream: true), path);
        await streamed.Content.ReadAsStringAsync();
        using var denied = await gateway.CreateClient(token: null).PostRawAsync(HttpTestExtensions.ChatBody(Prompt), path, ("Authorization", $"Bearer {WrongToken}"));
        await Eventually.TrueAsync(() => Task.FromResult(log.Lines.Count(l => l.Contains(" responded ", StringComparison.Ordinal)) == 3));

        // Assert
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ok.Content.ReadAsStringAsync()).Should().Contain(Completion);
        denied.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        foreach (var secret in new[] { Prompt, Completion, QueryToken, WrongToken, TestConfigs.Token, "token=", "Bearer", "mock-local" })
        {
            log.Text.Should().NotContain(secret);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequestLogSetting_TurnsTheRequestLineOnAndOff(bool on)
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Text(Completion));
        var log = new CapturedLog();
        var gateway = Gateway(log, "json", ("OpenClaw:Logging:RequestLog", on ? "true" : "false"));

        // Act: the host is stopped before the log is read, so a request line would have been written by then.
        using (var response = await Authorized(gateway).PostRawAsync(HttpTestExtensions.ChatBody(Prompt, "openclaw/main")))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await gateway.DisposeAsync();

        // Assert
        log.Lines.Should().Contain(l => l.Contains("\"Name\":\"RunCompleted\"", StringComparison.Ordinal));
        log.RequestEvents.Should().HaveCount(on ? 1 : 0);
    }

    [Theory]
    [InlineData("/healthz", "Information", false)]
    [InlineData("/readyz", "Debug", true)]
    [InlineData("/startup", "Debug", true)]
    [InlineData("/v1/models", "Debug", false)]
    public async Task HealthProbes_AreLoggedAtDebug(string path, string minimumLevel, bool logged)
    {
        // Arrange
        var log = new CapturedLog();
        var gateway = Gateway(log, "json", ("Serilog:MinimumLevel:Default", minimumLevel));

        // Act
        using (await Authorized(gateway).GetAsync(path))
        {
        }

        await gateway.DisposeAsync();

        // Assert
        var lines = log.RequestEvents.Where(e => e.GetProperty("Properties").GetProperty("RequestPath").GetString() == path).ToList();
        if (path.StartsWith("/v1", StringComparison.Ordinal))
        {
            lines.Should().ContainSingle().Which.GetProperty("Level").GetString().Should().Be("Information");
        }
        else if (logged)
        {
            lines.Should().ContainSingle().Which.GetProperty("Level").GetString().Should().Be("Debug");
        }
        else
        {
            lines.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task WebSocketConnection_IsOneLine_WhenItEnds()
    {
        // Arrange
        var log = new CapturedLog();
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.EchoOnly, Levels("json"), services: s => s.AddSingleton(new GatewayLogOutput(log)));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WsTestClient.UriFor(gateway, "/ws/path"), CancellationToken.None);

        // Act
        var whileOpen = log.RequestEvents.Count();
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        var line = await RequestLineAsync(log, "/ws/path");

        // Assert
        whileOpen.Should().Be(0, "the line is written when the connection ends");
        line.GetProperty("Properties").GetProperty("RequestMethod").GetString().Should().Be("GET");
        line.GetProperty("Properties").GetProperty("StatusCode").GetInt32().Should().Be(101);
    }

    [Theory]
    [InlineData("/v1/chat/completions", 200, false, "Information")]
    [InlineData("/v1/chat/completions", 404, false, "Information")]
    [InlineData("/v1/chat/completions", 502, false, "Error")]
    [InlineData("/v1/chat/completions", 200, true, "Error")]
    [InlineData("/readyz", 200, false, "Debug")]
    [InlineData("/metrics", 200, false, "Debug")]
    [InlineData("/healthz", 503, false, "Error")]
    public void Level_IsErrorFor5xxAndExceptions_DebugForProbes(string path, int status, bool threw, string expected)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Path = path;
        context.Response.StatusCode = status;

        var level = OpenClaw.Gateway.Http.GatewayRequestLogging.Level(context, 1.0, threw ? new InvalidOperationException() : null);

        level.ToString().Should().Be(expected);
    }

    private static async Task<JsonElement> RequestLineAsync(CapturedLog log, string path)
    {
        bool Matches(JsonElement e) => e.GetProperty("Properties").GetProperty("RequestPath").GetString() == path;
        await Eventually.TrueAsync(() => Task.FromResult(log.RequestEvents.Any(Matches)));
        return log.RequestEvents.Single(Matches);
    }

    /// <summary>A gateway on the fake upstream whose log (levels as appsettings.json sets them) goes to <paramref name="log"/>.</summary>
    private WebApplicationFactory<Program> Gateway(CapturedLog log, string format, params (string Key, string? Value)[] settings)
    {
        var values = Levels(format);
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var factory = new GatewayFactory(TestConfigs.Upstream(_upstream.BaseUrl), values);
        _gateways.Add(factory);
        return factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new GatewayLogOutput(log))));
    }

    private static Dictionary<string, string?> Levels(string format) => new()
    {
        ["OpenClaw:Logging:Format"] = format,
        ["Serilog:MinimumLevel"] = null,
        ["Serilog:MinimumLevel:Default"] = "Information",
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Warning",
        ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Information",
        ["Serilog:MinimumLevel:Override:Microsoft.Extensions.Hosting.Internal.Host"] = "Fatal",
    };

    private static HttpClient Authorized(WebApplicationFactory<Program> gateway)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestConfigs.Token);
        return client;
    }
}

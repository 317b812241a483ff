using System.Net;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Health;

public sealed class ProbeTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/health")]
    [InlineData("/healthz")]
    public async Task Liveness_IsOkWithoutAuth(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Content.Headers.ContentLength.Should().Be(27);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"ok":true,"status":"live"}""");
    }

    [Theory]
    [InlineData("/startup")]
    [InlineData("/startupz")]
    public async Task Startup_ReportsStartedWithVersionAndUptime(string path)
    {
        var detailed = await _factory.CreateAuthorizedClient().GetAsync(path);
        var anonymous = await _factory.CreateClient().GetAsync(path);

        detailed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await detailed.Content.ReadAsStringAsync()).Should().MatchRegex("""^\{"ok":true,"status":"started","version":"\d+\.\d+\.\d+","uptimeMs":\d+\}$""");
        (await anonymous.Content.ReadAsStringAsync()).Should().Be("""{"ok":true,"status":"started"}""");
    }

    [Theory]
    [InlineData("/ready")]
    [InlineData("/readyz")]
    public async Task Readiness_ShowsDetailsToAuthenticatedCallers(string path)
    {
        var response = await _factory.CreateAuthorizedClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().MatchRegex("""^\{"ready":true,"failing":\[\],"uptimeMs":\d+,"runs":\{"active":0,"queued":0\}\}$""");
    }

    [Fact]
    public async Task Readiness_HidesDetailsFromAnonymousRemoteCallers()
    {
        // TestServer requests carry no remote address, so they are not loopback.
        var response = await _factory.CreateClient().GetAsync("/readyz");

        (await response.Content.ReadAsStringAsync()).Should().Be("""{"ready":true}""");
    }

    [Fact]
    public async Task Readiness_ShowsDetailsToLoopbackCallers()
    {
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);

        var response = await gateway.CreateClient(token: null).GetAsync("/readyz");

        (await response.Content.ReadAsStringAsync()).Should().MatchRegex("""^\{"ready":true,"failing":\[\],"uptimeMs":\d+,"runs":\{"active":0,"queued":0\}\}$""");
    }

    [Fact]
    public async Task Head_HasHeadersButNoBody()
    {
        var response = await _factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(27);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_IsMethodNotAllowed()
    {
        var response = await _factory.CreateClient().PostAsync("/readyz", null);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET", "HEAD");
    }

    [Fact]
    public async Task Draining_IsNotReady_AndApiAnswers503()
    {
        // Arrange
        var client = _factory.CreateAuthorizedClient();
        _factory.Services.GetRequiredService<GatewayLifecycle>().BeginDraining();

        // Act
        var ready = await client.GetAsync("/readyz");
        var chat = await client.PostRawAsync(HttpTestExtensions.ChatBody("x"));

        // Assert
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        ready.Header("Retry-After").Should().Be("1");
        (await ready.Content.ReadAsStringAsync()).Should().Contain("\"failing\":[\"draining\"]");
        chat.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        chat.Header("Retry-After").Should().Be("1");
        (await chat.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"Gateway is temporarily unavailable while suspending or restarting","type":"service_unavailable","code":"gateway_unavailable"}}""");
        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

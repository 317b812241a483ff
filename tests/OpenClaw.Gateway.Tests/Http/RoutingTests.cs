using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Http;

public sealed class RoutingTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("OPTIONS")]
    [InlineData("DELETE")]
    public async Task WrongMethod_IsMethodNotAllowed_BeforeAuth(string method)
    {
        // Arrange
        var client = _factory.CreateClient();

        // Act
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/v1/chat/completions"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("POST");
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).Should().Be("Method Not Allowed");
    }

    [Theory]
    [InlineData("/v1/chat/completions/")]
    [InlineData("/V1/chat/completions")]
    [InlineData("/v1/completions")]
    [InlineData("/v1/unknown")]
    [InlineData("/")]
    public async Task UnknownOrInexactPath_IsNotFoundText(string path)
    {
        var response = await _factory.CreateAuthorizedClient().PostRawAsync("{}", path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        response.Content.Headers.ContentLength.Should().Be(9);
        (await response.Content.ReadAsStringAsync()).Should().Be("Not Found");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/v1/chat/completions")]
    [InlineData("/nope")]
    public async Task EveryResponse_CarriesSecurityHeaders_AndNoServerHeader(string path)
    {
        var response = await _factory.CreateClient().GetAsync(path);

        response.Header("X-Content-Type-Options").Should().Be("nosniff");
        response.Header("Referrer-Policy").Should().Be("no-referrer");
        response.Header("Permissions-Policy").Should().Be("camera=(), microphone=(self), geolocation=()");
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        response.Headers.Server.Should().BeEmpty();
    }

    [Fact]
    public async Task NonWebSocketUpgrade_IsBadRequestAndClose()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("Upgrade", "h2c");
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");

        var response = await _factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("Bad Request");
        response.Headers.ConnectionClose.Should().BeTrue();
    }

    [Fact]
    public async Task StrictTransportSecurity_IsSentOnlyWhenConfigured()
    {
        await using var factory = new GatewayFactory("""
            { gateway: { auth: { token: 'test-token-0123456789' }, http: { securityHeaders: { strictTransportSecurity: 'max-age=31536000' } } } }
            """);

        var response = await factory.CreateClient().GetAsync("/healthz");

        response.Header("Strict-Transport-Security").Should().Be("max-age=31536000");
    }
}

using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Auth;

public sealed class BearerAuthTests : IAsyncLifetime
{
    private const string Unauthorized = """{"error":{"message":"Unauthorized","type":"unauthorized"}}""";
    private readonly GatewayFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData(TestConfigs.Token)]
    [InlineData("Basic dGVzdA==")]
    [InlineData("Bearer ")]
    public async Task MissingOrWrongCredential_IsUnauthorizedEnvelope(string? authorization)
    {
        // Arrange
        var request = HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("hi"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        // Act
        var response = await _factory.CreateClient().SendAsync(request);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        response.Content.Headers.ContentLength.Should().Be(58);
        (await response.Content.ReadAsStringAsync()).Should().Be(Unauthorized);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public async Task SchemeIsCaseInsensitive(string scheme)
    {
        var response = await _factory.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"), headers: ("Authorization", $"{scheme} {TestConfigs.Token}"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokenInQueryString_IsNotAccepted()
    {
        var response = await _factory.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"), $"{HttpTestExtensions.ChatPath}?token={TestConfigs.Token}");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the query is ignored for routing and never carries credentials");
    }

    [Fact]
    public async Task AuthIsCheckedBeforeTheBodyIsRead()
    {
        var response = await _factory.CreateClient().PostRawAsync(new string('x', 21 * 1024 * 1024));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Auth;

public sealed class AuthLockoutTests
{
    private static string Config(string rateLimit) => $$"""
        { gateway: { auth: { token: '{{TestConfigs.Token}}', rateLimit: {{rateLimit}} }, http: { endpoints: { chatCompletions: { enabled: true } } } } }
        """;

    [Fact]
    public async Task OneAllowedFailure_ThenTooManyRequests_WithIntegerRetryAfter()
    {
        // Arrange
        await using var gateway = await KestrelGateway.StartAsync(Config("{ maxAttempts: 1, exemptLoopback: false }"));
        var wrong = gateway.CreateClient("wrong-token");

        // Act
        var first = await wrong.PostRawAsync(HttpTestExtensions.ChatBody("hi"));
        var second = await wrong.PostRawAsync(HttpTestExtensions.ChatBody("hi"));
        var evenWithTheRightToken = await gateway.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"));

        // Assert
        first.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await second.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"Too many failed authentication attempts. Please try again later.","type":"rate_limited"}}""");
        int.Parse(second.Header("Retry-After"), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(299, 300);
        evenWithTheRightToken.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task LockedClient_CannotUseTheProbesToTestGuesses()
    {
        // Arrange: lock the client out, then present the right token to a probe. TestServer callers are not
        // loopback, so only an accepted credential would unlock the probe's details.
        await using var factory = new GatewayFactory(Config("{ maxAttempts: 1, exemptLoopback: false }"));
        (await factory.CreateAuthorizedClient("wrong-token").PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // Act
        var probe = await factory.CreateAuthorizedClient().GetAsync("/readyz");

        // Assert
        (await probe.Content.ReadAsStringAsync()).Should().Be("""{"ready":true}""");
    }

    [Fact]
    public async Task MissingCredential_IsNotCountedAsFailure()
    {
        await using var gateway = await KestrelGateway.StartAsync(Config("{ maxAttempts: 1, exemptLoopback: false }"));
        var anonymous = gateway.CreateClient(token: null);

        (await anonymous.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await gateway.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LoopbackIsExemptByDefault()
    {
        await using var gateway = await KestrelGateway.StartAsync(Config("{ maxAttempts: 1 }"));
        var wrong = gateway.CreateClient("wrong-token");

        (await wrong.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrong.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WithoutRateLimitConfig_ThereIsNeverATooManyRequests()
    {
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        var wrong = gateway.CreateClient("wrong-token");

        for (var i = 0; i < 15; i++)
        {
            (await wrong.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
    }
}

using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Auth;

public sealed class AuthLockoutTests
{
    /// <summary>The test client is the trusted proxy; loopback stays exempt from the lockout.</summary>
    private static string BehindALoopbackProxy(int maxAttempts) => Config($"{{ maxAttempts: {maxAttempts} }}", "trustedProxies: ['127.0.0.1', '::1'], ");

    private static string Config(string rateLimit, string gateway = "") => $$"""
        { gateway: { {{gateway}}auth: { token: '{{TestConfigs.Token}}', rateLimit: {{rateLimit}} }, http: { endpoints: { chatCompletions: { enabled: true } } } } }
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

    [Fact]
    public async Task SpoofedForwardedFor_BehindATrustedProxy_CannotEscapeTheLockout()
    {
        // Arrange: the test client plays a proxy on loopback that appends the real client, 203.0.113.5, to whatever
        // X-Forwarded-For the client sent. Loopback is exempt, so posing as 127.0.0.1 would mean unlimited guesses.
        await using var gateway = await KestrelGateway.StartAsync(BehindALoopbackProxy(maxAttempts: 2));
        var wrong = gateway.CreateClient("wrong-token");
        var spoofed = ("X-Forwarded-For", "127.0.0.1, 203.0.113.5");

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await wrong.PostRawAsync(HttpTestExtensions.ChatBody("hi"), HttpTestExtensions.ChatPath, spoofed)).StatusCode);
        }

        // Assert
        statuses.Should().Equal(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task SpoofedForwardedFor_ThatChangesEveryTime_DoesNotMakeAFreshClient()
    {
        await using var gateway = await KestrelGateway.StartAsync(BehindALoopbackProxy(maxAttempts: 1));
        var wrong = gateway.CreateClient("wrong-token");

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            var header = ("X-Forwarded-For", $"198.51.100.{i}, 203.0.113.5");
            statuses.Add((await wrong.PostRawAsync(HttpTestExtensions.ChatBody("hi"), HttpTestExtensions.ChatPath, header)).StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests);
    }
}

using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Auth;

public sealed class AuthModeTests
{
    [Fact]
    public async Task PasswordMode_AcceptsThePasswordAsBearer()
    {
        // Arrange
        await using var factory = new GatewayFactory("""
            { gateway: { auth: { mode: 'password', password: 'correct horse battery' }, http: { endpoints: { chatCompletions: { enabled: true } } } } }
            """);

        // Act
        var ok = await factory.CreateAuthorizedClient("correct horse battery").PostRawAsync(HttpTestExtensions.ChatBody("hi"));
        var wrong = await factory.CreateAuthorizedClient("wrong").PostRawAsync(HttpTestExtensions.ChatBody("hi"));

        // Assert
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ModeUnset_WithPassword_IsPasswordMode()
    {
        await using var factory = new GatewayFactory("""
            { gateway: { auth: { password: 'pw-0123456789' }, http: { endpoints: { chatCompletions: { enabled: true } } } } }
            """);

        var response = await factory.CreateAuthorizedClient("pw-0123456789").PostRawAsync(HttpTestExtensions.ChatBody("hi"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CliTokenFlag_BeatsTheConfigToken()
    {
        await using var factory = new GatewayFactory(TestConfigs.EchoOnly, new Dictionary<string, string?> { ["OpenClaw:Cli:Token"] = "flag-token-0123456789" });

        (await factory.CreateAuthorizedClient("flag-token-0123456789").PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task NoneMode_ScopesComeFromHeader()
    {
        // Arrange
        await using var factory = new GatewayFactory("""
            { gateway: { auth: { mode: 'none' }, http: { endpoints: { chatCompletions: { enabled: true } } } } }
            """);
        var client = factory.CreateClient();

        // Act
        var all = await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"));
        var readOnly = await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"), headers: ("x-openclaw-scopes", "operator.read"));
        // HttpClient drops empty header values; a lone separator is the same "present, no scopes".
        var empty = await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"), headers: ("x-openclaw-scopes", ","));
        var notOwner = await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"), headers: [("x-openclaw-scopes", "operator.write"), ("x-openclaw-model", "echo/echo")]);

        // Assert
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        readOnly.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await readOnly.Content.ReadAsStringAsync()).Should().Be("""{"ok":false,"error":{"type":"forbidden","message":"missing scope: operator.write"}}""");
        empty.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        notOwner.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await notOwner.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"missing scope: operator.admin","type":"forbidden"}}""");
    }

    [Fact]
    public async Task NoneMode_ForeignOrigin_IsUnauthorized()
    {
        await using var factory = new GatewayFactory("""
            { gateway: { auth: { mode: 'none' }, http: { endpoints: { chatCompletions: { enabled: true } } } } }
            """);

        var response = await factory.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"), headers: ("Origin", "https://evil.example"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SharedSecret_IgnoresScopeHeader()
    {
        await using var factory = new GatewayFactory();

        var response = await factory.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi"), headers: ("x-openclaw-scopes", "operator.read"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

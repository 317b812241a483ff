using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.Tests.Auth;

/// <summary>The one shared-secret flow of HTTP bearer auth and the WebSocket connect (http-api.md §3.3–3.4).</summary>
public sealed class SharedSecretAuthenticatorTests
{
    private const string Token = "the-right-token-0123456789";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-07T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Authenticate_ModeNone_IsOpen_WhateverIsPresented()
    {
        // Arrange
        var authenticator = new SharedSecretAuthenticator(new AuthFailureLimiter(_clock));

        // Act
        var result = authenticator.Authenticate(Remote(), Settings("{ gateway: { auth: { mode: 'none' } } }", "none"), "anything");

        // Assert
        result.Outcome.Should().Be(SharedSecretOutcome.Open);
    }

    [Theory]
    [InlineData(Token, "Accepted")]
    [InlineData("wrong", "Rejected")]
    [InlineData(null, "Missing")]
    public void Authenticate_Token_AcceptsOnlyTheSecret(string? credential, string expected)
    {
        // Arrange
        var authenticator = new SharedSecretAuthenticator(new AuthFailureLimiter(_clock));

        // Act
        var result = authenticator.Authenticate(Remote(), TokenSettings(), credential);

        // Assert
        result.Outcome.ToString().Should().Be(expected);
    }

    [Fact]
    public void Authenticate_WrongKindOfCredential_IsRejected_NotMissing()
    {
        // Arrange: a WebSocket client sends a password to a token gateway.
        var authenticator = new SharedSecretAuthenticator(new AuthFailureLimiter(_clock));

        // Act
        var result = authenticator.Authenticate(Remote(), TokenSettings(), credential: null, nothingPresented: false);

        // Assert
        result.Outcome.Should().Be(SharedSecretOutcome.Rejected);
    }

    [Fact]
    public void Authenticate_WrongCredentials_LockTheClient_AndMissingOnesDoNotCount()
    {
        // Arrange
        var authenticator = new SharedSecretAuthenticator(new AuthFailureLimiter(_clock));
        var settings = TokenSettings();

        // Act
        for (var i = 0; i < 5; i++)
        {
            authenticator.Authenticate(Remote(), settings, null).Outcome.Should().Be(SharedSecretOutcome.Missing);
        }

        authenticator.Authenticate(Remote(), settings, "wrong");
        authenticator.Authenticate(Remote(), settings, "wrong");
        _clock.Advance(TimeSpan.FromSeconds(10));
        var locked = authenticator.Authenticate(Remote(), settings, Token);
        var otherClient = authenticator.Authenticate(Remote("198.51.100.9"), settings, Token);

        // Assert
        locked.Should().Be(new SharedSecretResult(SharedSecretOutcome.Locked, TimeSpan.FromSeconds(50)));
        otherClient.Outcome.Should().Be(SharedSecretOutcome.Accepted);
    }

    [Fact]
    public void Authenticate_AMatch_ForgetsTheClientsFailures()
    {
        // Arrange
        var authenticator = new SharedSecretAuthenticator(new AuthFailureLimiter(_clock));
        var settings = TokenSettings();

        // Act
        authenticator.Authenticate(Remote(), settings, "wrong");
        authenticator.Authenticate(Remote(), settings, Token);
        var afterOneMoreFailure = authenticator.Authenticate(Remote(), settings, "wrong");
        var next = authenticator.Authenticate(Remote(), settings, Token);

        // Assert
        afterOneMoreFailure.Outcome.Should().Be(SharedSecretOutcome.Rejected);
        next.Outcome.Should().Be(SharedSecretOutcome.Accepted, "the failure before the match no longer counts");
    }

    private static GatewayAuthSettings TokenSettings() =>
        Settings($"{{ gateway: {{ auth: {{ token: '{Token}', rateLimit: {{ maxAttempts: 2, windowMs: 60000, lockoutMs: 60000 }} }} }} }}", "token");

    private static GatewayAuthSettings Settings(string json5, string mode) =>
        GatewayAuthSettings.Resolve(ConfigBinder.Bind((System.Text.Json.Nodes.JsonObject)Json5.Parse(json5)!), mode, new GatewayStartupOverrides(), new DictionaryEnvironment());

    private static DefaultHttpContext Remote(string address = "203.0.113.7")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}

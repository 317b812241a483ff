using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Configuration;

public class ConfigBinderGatewayTests
{
    [Fact]
    public void Bind_Gateway_BindsListenerAuthAndEndpoints()
    {
        // Act
        var config = TestConfig.Bind("""
            { gateway: { mode: 'local', port: 18789, bind: 'custom', customBindHost: '10.0.0.5',
                auth: { mode: 'password', token: ' t ', password: ' p w ', rateLimit: { maxAttempts: 3 } },
                trustedProxies: ['10.0.0.1'], controlUi: { allowedOrigins: ['https://a.example'] },
                http: { endpoints: { chatCompletions: { enabled: true }, responses: { enabled: false } },
                        securityHeaders: { strictTransportSecurity: 'max-age=1' } } } }
            """);

        // Assert
        var g = config.Gateway;
        (g.Mode, g.Port, g.Bind, g.CustomBindHost).Should().Be(("local", 18789, "custom", "10.0.0.5"));
        g.Auth.Mode.Should().Be("password");
        g.Auth.Token.Should().Be("t");
        g.Auth.Password.Should().Be(" p w ", "passwords are not trimmed");
        g.Auth.RateLimit.Should().Be(new AuthRateLimitConfig { MaxAttempts = 3 });
        g.TrustedProxies.Should().Equal("10.0.0.1");
        g.AllowedOrigins.Should().Equal("https://a.example");
        g.Http.ChatCompletionsEnabled.Should().BeTrue();
        g.Http.ResponsesEnabled.Should().BeFalse();
        g.Http.StrictTransportSecurity.Should().Be("max-age=1");
    }

    [Fact]
    public void Bind_BindTailnet_FailsWithReason()
    {
        // Act
        var message = TestConfig.BindError("{ gateway: { bind: 'tailnet' } }");

        // Assert
        message.Should().Be("invalid config: gateway.bind: tailnet binding is not supported by this gateway; use loopback, lan or custom");
    }

    [Fact]
    public void Bind_BindAuto_MeansLoopback()
    {
        // Act
        var config = TestConfig.Bind("{ gateway: { bind: 'auto' } }");

        // Assert
        config.Gateway.Bind.Should().Be("loopback");
    }

    [Fact]
    public void Bind_TrustedProxyAuth_IsRejected()
    {
        // Act
        var message = TestConfig.BindError("{ gateway: { auth: { mode: 'trusted-proxy' } } }");

        // Assert
        message.Should().StartWith("invalid config: gateway.auth.mode: trusted-proxy auth is not supported");
    }

    [Fact]
    public void Bind_StrictTransportSecurityFalse_MeansNoHeader()
    {
        // Act
        var config = TestConfig.Bind("{ gateway: { http: { securityHeaders: { strictTransportSecurity: false } } } }");

        // Assert
        config.Gateway.Http.StrictTransportSecurity.Should().BeNull();
    }
}

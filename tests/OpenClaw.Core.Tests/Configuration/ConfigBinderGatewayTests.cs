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
    public void Bind_Tls_BindsTheOriginalsKeysAndResolvesTheFiles()
    {
        // Act
        var config = TestConfig.Bind("{ gateway: { tls: { enabled: true, autoGenerate: false, certPath: '~/c.pem', keyPath: '/k/key.pem', caPath: 'ca.pem' } } }");

        // Assert
        var tls = config.Gateway.Tls;
        (tls.Enabled, tls.AutoGenerate).Should().Be((true, false));
        tls.CertFile("/state").Should().Be(Path.GetFullPath(OpenClawPaths.ExpandHome("~/c.pem")));
        tls.KeyFile("/state").Should().Be(Path.GetFullPath("/k/key.pem"));
        tls.CaFile().Should().Be(Path.GetFullPath("ca.pem"));
        config.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Bind_TlsDefaults_AreOffWithAutoGenerateIntoTheStateDirectory()
    {
        // Act
        var tls = TestConfig.Bind("{ gateway: { tls: {} } }").Gateway.Tls;

        // Assert
        (tls.Enabled, tls.AutoGenerate, tls.CaFile()).Should().Be((false, true, null));
        tls.CertFile("/state").Should().Be(Path.GetFullPath(Path.Combine("/state", "gateway", "tls", "gateway-cert.pem")));
        tls.KeyFile("/state").Should().Be(Path.GetFullPath(Path.Combine("/state", "gateway", "tls", "gateway-key.pem")));
    }

    [Theory]
    [InlineData("{ gateway: { tls: { certPath: '  ' } } }", "invalid config: gateway.tls.certPath: must not be blank")]
    [InlineData("{ gateway: { tls: { enabled: 'yes' } } }", "invalid config: gateway.tls.enabled: expected boolean, received string")]
    public void Bind_BadTls_FailsNamingTheKey(string text, string message) => TestConfig.BindError(text).Should().Be(message);

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

    [Fact]
    public void Bind_ChatCompletionsImages_BindsEveryKey()
    {
        // Act
        var images = TestConfig.Bind("""
            { gateway: { http: { endpoints: { chatCompletions: { images: {
                allowUrl: true, urlAllowlist: ['Img.Example.com.', '*.cdn.example', '*'], allowedMimes: ['IMAGE/PNG; q=1', 'image/avif'],
                maxBytes: 1024, maxRedirects: 0, timeoutMs: 500 } } } } } }
            """).Gateway.Http.ChatCompletionsImages;

        // Assert
        images.Should().BeEquivalentTo(new ImageInputConfig
        {
            AllowUrl = true,
            UrlAllowlist = ["img.example.com", "*.cdn.example"],
            AllowedMimes = ["image/png", "image/avif"],
            MaxBytes = 1024,
            MaxRedirects = 0,
            TimeoutMs = 500,
        });
    }

    [Fact]
    public void Bind_NoImagesSection_UsesTheSpecDefaults()
    {
        // Act
        var images = TestConfig.Bind("{ gateway: { http: { endpoints: { chatCompletions: { enabled: true, images: { allowedMimes: [] } } } } } }")
            .Gateway.Http.ChatCompletionsImages;

        // Assert
        images.AllowUrl.Should().BeFalse();
        images.UrlAllowlist.Should().BeEmpty();
        images.AllowedMimes.Should().Equal("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif");
        (images.MaxBytes, images.MaxRedirects, images.TimeoutMs).Should().Be((10_485_760L, 3, 10_000));
    }

    [Theory]
    [InlineData("{ allowUrl: 'yes' }", "gateway.http.endpoints.chatCompletions.images.allowUrl: expected boolean, received string")]
    [InlineData("{ maxBytes: 0 }", "gateway.http.endpoints.chatCompletions.images.maxBytes: expected an integer between 1 and")]
    [InlineData("{ maxRedirects: -1 }", "gateway.http.endpoints.chatCompletions.images.maxRedirects: expected an integer between 0 and 20")]
    [InlineData("{ timeoutMs: 1.5 }", "gateway.http.endpoints.chatCompletions.images.timeoutMs: expected an integer between 1 and")]
    [InlineData("{ urlAllowlist: 'a.example' }", "gateway.http.endpoints.chatCompletions.images.urlAllowlist: expected array, received string")]
    [InlineData("{ allowedMimes: ['png'] }", "gateway.http.endpoints.chatCompletions.images.allowedMimes[0]: expected a MIME type such as image/png")]
    [InlineData("{ maxPixels: 5 }", "gateway.http.endpoints.chatCompletions.images.maxPixels: unrecognized key")]
    public void Bind_InvalidImagesKey_FailsNamingTheKey(string images, string expected)
    {
        // Act
        var message = TestConfig.BindError($"{{ gateway: {{ http: {{ endpoints: {{ chatCompletions: {{ images: {images} }} }} }} }} }}");

        // Assert
        message.Should().StartWith("invalid config: " + expected);
    }

    [Fact]
    public void Bind_GatewayTools_TrimsLowerCasesAndMapsAliases()
    {
        // Act
        var tools = TestConfig.Bind("{ gateway: { tools: { allow: [' Bash ', 'WRITE', 'exec'], deny: ['cron', ' Edit'] } } }").Gateway.Tools;

        // Assert
        tools.Allow.Should().Equal("exec", "write");
        tools.Deny.Should().Equal("automations", "edit");
    }

    [Fact]
    public void Bind_NoGatewayTools_IsEmptyLists()
    {
        // Act
        var tools = TestConfig.Bind("{ gateway: {} }").Gateway.Tools;

        // Assert
        tools.Allow.Should().BeEmpty();
        tools.Deny.Should().BeEmpty();
    }

    [Theory]
    [InlineData("{ allow: 'exec' }", "gateway.tools.allow: expected array, received string")]
    [InlineData("{ deny: [1] }", "gateway.tools.deny[0]: expected string, received number")]
    [InlineData("{ allow: ['  '] }", "gateway.tools.allow[0]: expected a tool name, received an empty string")]
    [InlineData("{ alsoAllow: ['exec'] }", "gateway.tools.alsoAllow: unrecognized key")]
    public void Bind_InvalidGatewayTools_FailsNamingTheKey(string tools, string expected)
    {
        // Act
        var message = TestConfig.BindError($"{{ gateway: {{ tools: {tools} }} }}");

        // Assert
        message.Should().StartWith("invalid config: " + expected);
    }
}

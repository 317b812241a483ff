using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;

namespace OpenClaw.Gateway.Tests.Hosting;

public sealed class TlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openclaw-tls-").FullName;

    [Fact]
    public async Task ConfiguredPemPair_ServesHttpsAndWssOnTheOnePort()
    {
        // Arrange
        var (certFile, keyFile, certificate) = WritePair("server");
        await using var gateway = await KestrelGateway.StartAsync(Config($"certPath: '{certFile}', keyPath: '{keyFile}', autoGenerate: false"));
        using var http = PinnedClient(gateway, certificate);

        // Act
        var health = await http.GetAsync("/health");
        await using var socket = await WsTestClient.OpenAsync(WsTestClient.UriFor(gateway), options: o => o.RemoteCertificateValidationCallback = Pin(certificate));
        var hello = await socket.ConnectAsync();

        // Assert
        gateway.BaseAddress.Scheme.Should().Be("https");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        WsTestClient.UriFor(gateway).Scheme.Should().Be("wss");
        socket.Events[0].Str("event").Should().Be("connect.challenge");
        hello.Str("type").Should().Be("hello-ok");
    }

    [Fact]
    public async Task PlainHttpToTheTlsPort_Fails()
    {
        // Arrange
        var (certFile, keyFile, _) = WritePair("server");
        await using var gateway = await KestrelGateway.StartAsync(Config($"certPath: '{certFile}', keyPath: '{keyFile}'"));
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // Act
        var get = () => plain.GetAsync(new Uri($"http://127.0.0.1:{gateway.BaseAddress.Port}/health"));

        // Assert
        await get.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task AutoGenerate_WritesAPrivatePairInTheStateDirectory_AndTheNextStartReusesIt()
    {
        // Arrange
        var certFile = Path.Combine(_dir, "gateway", "tls", "gateway-cert.pem");
        var keyFile = Path.Combine(_dir, "gateway", "tls", "gateway-key.pem");

        // Act
        string firstThumbprint;
        await using (var first = await KestrelGateway.StartAsync(Config(""), stateDir: _dir))
        {
            using var generated = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            firstThumbprint = generated.GetCertHashString(HashAlgorithmName.SHA256);
            using var http = PinnedClient(first, generated);
            (await http.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
            generated.Subject.Should().Be("CN=openclaw-gateway");
            generated.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Should().Contain([IPAddress.Loopback, IPAddress.IPv6Loopback]);
        }

        var keyPem = await File.ReadAllTextAsync(keyFile);
        await using var second = await KestrelGateway.StartAsync(Config(""), stateDir: _dir);
        using var reused = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        using var client = PinnedClient(second, reused);

        // Assert
        (await client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        reused.GetCertHashString(HashAlgorithmName.SHA256).Should().Be(firstThumbprint);
        (await File.ReadAllTextAsync(keyFile)).Should().Be(keyPem);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task AutoGenerate_AfterAGenerationCutShort_StartsOver()
    {
        // Arrange: a crash between the two writes left the key without its certificate.
        var tlsDir = Directory.CreateDirectory(Path.Combine(_dir, "gateway", "tls")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tlsDir, "gateway-key.pem"), "-----BEGIN PRIVATE KEY-----\ncut short\n");

        // Act
        await using var gateway = await KestrelGateway.StartAsync(Config(""), stateDir: _dir);

        // Assert
        using var generated = X509Certificate2.CreateFromPemFile(Path.Combine(tlsDir, "gateway-cert.pem"), Path.Combine(tlsDir, "gateway-key.pem"));
        using var http = PinnedClient(gateway, generated);
        (await http.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TlsOff_WritesNothingAndServesPlainHttp()
    {
        await using var gateway = await KestrelGateway.StartAsync("{ gateway: { auth: { token: 'test-token-0123456789' }, tls: { enabled: false } } }", stateDir: _dir);

        gateway.BaseAddress.Scheme.Should().Be("http");
        Directory.Exists(Path.Combine(_dir, "gateway", "tls")).Should().BeFalse();
    }

    [Theory]
    [InlineData("missing-cert", "gateway.tls is enabled but gateway.tls.certPath (")]
    [InlineData("missing-key", "gateway.tls is enabled but gateway.tls.keyPath (")]
    [InlineData("garbage-cert", "gateway.tls: cannot use the certificate gateway.tls.certPath (")]
    [InlineData("mismatched-key", "gateway.tls: cannot use the certificate gateway.tls.certPath (")]
    [InlineData("missing-ca", "gateway.tls.caPath (")]
    public async Task UnusableCertificateFiles_AreAOneLineStartupRefusalNamingTheKey(string fault, string reason)
    {
        // Arrange
        var (certFile, keyFile, _) = WritePair("server");
        var (_, otherKey, _) = WritePair("other");
        var tls = fault switch
        {
            "missing-cert" => $"certPath: '{Path.Combine(_dir, "nope.pem")}', keyPath: '{keyFile}'",
            "missing-key" => $"certPath: '{certFile}', keyPath: '{Path.Combine(_dir, "nope.pem")}'",
            "garbage-cert" => $"certPath: '{Garbage()}', keyPath: '{keyFile}'",
            "mismatched-key" => $"certPath: '{certFile}', keyPath: '{otherKey}'",
            _ => $"certPath: '{certFile}', keyPath: '{keyFile}', caPath: '{Path.Combine(_dir, "nope.pem")}'",
        };

        // Act
        var start = () => KestrelGateway.StartAsync(Config(tls));

        // Assert
        var message = (await start.Should().ThrowAsync<GatewayStartupException>()).Which.Message;
        message.Should().StartWith(reason).And.NotContain("\n");
    }

    public void Dispose() => GatewayFactory.TryDelete(_dir);

    private static string Config(string tls) => $$"""
        { gateway: { auth: { token: '{{TestConfigs.Token}}' }, tls: { enabled: true, {{tls}} } } }
        """;

    private static HttpClient PinnedClient(KestrelGateway gateway, X509Certificate2 certificate) =>
        new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => Matches(presented, certificate) })
        {
            BaseAddress = gateway.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static RemoteCertificateValidationCallback Pin(X509Certificate2 certificate) =>
        (_, presented, _, _) => presented is not null && Matches(new X509Certificate2(presented), certificate);

    private static bool Matches(X509Certificate2? presented, X509Certificate2 expected) =>
        presented is not null && presented.RawData.AsSpan().SequenceEqual(expected.RawData);

    private (string CertFile, string KeyFile, X509Certificate2 Certificate) WritePair(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(_dir, name + "-cert.pem");
        var keyFile = Path.Combine(_dir, name + "-key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile, certificate);
    }

    private string Garbage()
    {
        var path = Path.Combine(_dir, "garbage.pem");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        return path;
    }
}

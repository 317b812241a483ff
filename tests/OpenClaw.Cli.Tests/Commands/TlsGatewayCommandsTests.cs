namespace OpenClaw.Cli.Tests.Commands;

/// <summary>
/// The CLI against a gateway with <c>gateway.tls</c> on: it connects with <c>wss://</c>, trusting exactly the
/// certificate in the gateway's certificate file (here the self-signed pair the gateway generated).
/// </summary>
public sealed class TlsGatewayCommandsTests : IAsyncLifetime
{
    private const string Token = "cli-tls-token-0123456789";

    private readonly TempStateDir _state = new($$"""
        { gateway: { auth: { mode: 'token', token: '{{Token}}' }, tls: { enabled: true } } }
        """);

    private GatewayProcess? _process;

    [Fact]
    public async Task Status_ConnectsOverWss_AndPrintsTheWssUrl()
    {
        var run = await CliRun.InvokeAsync(Environment(), "status");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().StartWith($"Gateway: reachable at wss://127.0.0.1:{_process!.Port}/ (auth token, openclaw-dotnet-");
    }

    [Fact]
    public async Task GatewayCall_TrustsOnlyTheGatewaysOwnCertificate()
    {
        // Arrange: the pin comes from the certificate file; another file there means another certificate
        var ok = await CliRun.InvokeAsync(Environment(), "gateway", "call", "health", "--json");
        var certFile = Path.Combine(_state.Path, "gateway", "tls", "gateway-cert.pem");
        using var other = new TempStateDir($$"""
            { gateway: { auth: { mode: 'token', token: '{{Token}}' }, tls: { enabled: true, certPath: '{{Path.Combine(_state.Path, "other-cert.pem")}}' } } }
            """);
        File.WriteAllText(Path.Combine(_state.Path, "other-cert.pem"), OtherCertificatePem());

        // Act
        var refused = await CliRun.InvokeAsync(Environment(other.Path), "gateway", "call", "health", "--json");

        // Assert
        File.Exists(certFile).Should().BeTrue();
        ok.ExitCode.Should().Be(0, ok.Error);
        refused.ExitCode.Should().Be(1);
        refused.Error.Should().Contain($"gateway not reachable at wss://127.0.0.1:{_process!.Port}/ (TLS: The remote certificate was rejected");
    }

    [Fact]
    public async Task RemoteUrl_IsTrustedThroughGatewayRemoteTlsFingerprint()
    {
        // Arrange
        using var generated = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            File.ReadAllText(Path.Combine(_state.Path, "gateway", "tls", "gateway-cert.pem")));
        var fingerprint = string.Join(':', generated.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).Chunk(2).Select(c => new string(c)));
        using var client = new TempStateDir($$"""
            { gateway: { mode: 'remote', remote: { url: 'wss://127.0.0.1:{{_process!.Port}}', token: '{{Token}}', tlsFingerprint: '{{fingerprint.ToLowerInvariant()}}' } } }
            """);
        using var badPin = new TempStateDir($$"""
            { gateway: { mode: 'remote', remote: { url: 'wss://127.0.0.1:{{_process.Port}}', token: '{{Token}}', tlsFingerprint: 'AB:CD' } } }
            """);

        // Act
        var run = await CliRun.InvokeAsync(Environment(client.Path), "gateway", "call", "health", "--json");
        var refused = await CliRun.InvokeAsync(Environment(badPin.Path), "gateway", "call", "health", "--json");

        // Assert
        run.ExitCode.Should().Be(0, run.Error);
        (refused.ExitCode, refused.Error.Trim()).Should().Be((2, "gateway.remote.tlsFingerprint must be a SHA-256 fingerprint (64 hex digits, colons allowed), got \"AB:CD\""));
    }

    public async Task InitializeAsync()
    {
        _process = GatewayProcess.Start(_state, https: true);
        using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        await _process.WaitUntilReadyAsync(client);
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _state.Dispose();
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Environment(string? stateDir = null) => new()
    {
        ["OPENCLAW_STATE_DIR"] = stateDir ?? _state.Path,
        ["OPENCLAW_GATEWAY_PORT"] = _process!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OPENCLAW_GATEWAY_TOKEN"] = Token,
        ["HOME"] = _state.Path,
    };

    private static string OtherCertificatePem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=openclaw-gateway", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenClaw.Cli.Gateway;

/// <summary>
/// Certificate pinning by SHA-256 fingerprint, as the original's CLI does for a local gateway with
/// <c>gateway.tls</c> on (the fingerprint of the certificate file) and for <c>gateway.remote.tlsFingerprint</c>.
/// </summary>
internal static class GatewayTlsPin
{
    /// <summary>The fingerprint of the PEM certificate at <paramref name="certFile"/>, or null when it cannot be read.</summary>
    public static string? OfCertificateFile(string certFile)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
            return certificate.GetCertHashString(HashAlgorithmName.SHA256);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // Then the chain must be trusted the usual way, and the connection error says why it is not.
            return null;
        }
    }

    /// <summary>A configured fingerprint (hex, colons optional, any case) in the form <see cref="Matches"/> compares.</summary>
    public static string? Parse(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var hex = value.Trim().Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit)
            ? hex
            : throw new CliException($"{key} must be a SHA-256 fingerprint (64 hex digits, colons allowed), got \"{value}\"", 2);
    }

    public static bool Matches(X509Certificate? certificate, string fingerprint) =>
        certificate is not null
        && string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())), fingerprint, StringComparison.Ordinal);
}

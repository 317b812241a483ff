using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// <c>gateway.tls</c>: HTTPS and WSS on the gateway's one port. The PEM pair at <c>certPath</c>/<c>keyPath</c> is
/// loaded at startup (generated first when both are missing and <c>autoGenerate</c> is on); TLS 1.3 only, as the
/// original. Anything unusable is a one-line startup refusal naming the key.
/// </summary>
internal static partial class GatewayTls
{
    /// <summary>The HTTPS settings for the listener, or null when TLS is off.</summary>
    public static HttpsConnectionAdapterOptions? Load(TlsConfig tls, string stateDir, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (!tls.Enabled)
        {
            return null;
        }

        var certFile = tls.CertFile(stateDir);
        var keyFile = tls.KeyFile(stateDir);
        var (hasCert, hasKey) = (File.Exists(certFile), File.Exists(keyFile));
        if (tls.AutoGenerate && tls.CertPath is null && tls.KeyPath is null && hasKey && !hasCert)
        {
            // A generation cut short (the key is published first) would otherwise refuse every later start: the
            // default files are ours, so start over.
            File.Delete(keyFile);
            hasKey = false;
        }

        if (!hasCert && !hasKey && tls.AutoGenerate)
        {
            Generate(certFile, keyFile);
            Log.Generated(logger, certFile);
        }
        else if (!hasCert || !hasKey)
        {
            var missing = hasCert ? $"gateway.tls.keyPath ({keyFile})" : $"gateway.tls.certPath ({certFile})";
            var hint = tls.AutoGenerate ? "provide both files, or remove both to generate a self-signed pair" : "provide both files, or turn gateway.tls.autoGenerate on";
            throw new GatewayStartupException($"gateway.tls is enabled but {missing} does not exist; {hint}");
        }

        var certificate = LoadPair(certFile, keyFile);
        if (certificate.NotAfter < DateTime.Now)
        {
            Log.Expired(logger, certFile, certificate.NotAfter);
        }

        return new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ServerCertificateChain = tls.CaFile() is { } caFile ? LoadChain(caFile) : null,
            SslProtocols = SslProtocols.Tls13,
        };
    }

    private static void Generate(string certFile, string keyFile)
    {
        try
        {
            SelfSignedCertificate.Write(certFile, keyFile, DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new GatewayStartupException($"gateway.tls.autoGenerate could not write a certificate to {certFile} and {keyFile}: {OneLine(ex)}");
        }
    }

    private static X509Certificate2 LoadPair(string certFile, string keyFile)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            if (!OperatingSystem.IsWindows())
            {
                return certificate;
            }

            // SChannel cannot use the ephemeral key a PEM import makes; a PKCS#12 round trip persists it for the process.
            using (certificate)
            {
                return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new GatewayStartupException(
                $"gateway.tls: cannot use the certificate gateway.tls.certPath ({certFile}) with the key gateway.tls.keyPath ({keyFile}): {OneLine(ex)}");
        }
    }

    private static X509Certificate2Collection LoadChain(string caFile)
    {
        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(caFile);
            return chain.Count > 0
                ? chain
                : throw new GatewayStartupException($"gateway.tls.caPath ({caFile}) holds no PEM certificate");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new GatewayStartupException($"gateway.tls.caPath ({caFile}) cannot be read: {OneLine(ex)}");
        }
    }

    private static string OneLine(Exception ex) => string.Join(' ', ex.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');

    private static partial class Log
    {
        [LoggerMessage(EventId = 5010, EventName = "TlsCertificateGenerated", Level = LogLevel.Information,
            Message = "gateway tls: generated a self-signed certificate at {CertFile} (for local use; configure gateway.tls.certPath/keyPath for real traffic)")]
        public static partial void Generated(ILogger logger, string certFile);

        [LoggerMessage(EventId = 5011, EventName = "TlsCertificateExpired", Level = LogLevel.Warning,
            Message = "gateway tls: the certificate at {CertFile} expired on {NotAfter:u}; clients will refuse it (delete both generated files to make a new pair)")]
        public static partial void Expired(ILogger logger, string certFile, DateTime notAfter);
    }
}

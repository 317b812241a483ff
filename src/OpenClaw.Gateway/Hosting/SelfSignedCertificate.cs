using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// The pair <c>gateway.tls.autoGenerate</c> makes, as the original's <c>openssl req -x509 -newkey rsa:2048 -sha256
/// -days 3650 -subj /CN=openclaw-gateway</c> does, plus names for this machine (localhost, 127.0.0.1, ::1, the host
/// name) so clients that check the name can pin it. Both files are private to the user (0600, directory 0700).
/// </summary>
internal static class SelfSignedCertificate
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    /// <summary>Creates the pair; existing files are never overwritten.</summary>
    public static void Write(string certFile, string keyFile, DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=openclaw-gateway", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (Uri.CheckHostName(Environment.MachineName) == UriHostNameType.Dns)
        {
            names.AddDnsName(Environment.MachineName);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(3650));
        Publish(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        Publish(certFile, certificate.ExportCertificatePem());
    }

    private static void Publish(string path, string pem)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, PrivateDirectory);
        }

        // Written beside the target and moved in without overwriting: a crash never leaves half a file at the path.
        var staged = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        try
        {
            using (var stream = new FileStream(staged, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(pem);
                writer.Write('\n');
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(staged, path, overwrite: false);
        }
        finally
        {
            File.Delete(staged);
        }
    }
}

using System.Net;

namespace OpenClaw.Gateway.Images;

/// <summary>
/// How <see cref="RemoteMediaFetcher"/> finds and vets the addresses it connects to. Production uses DNS and
/// <see cref="IpAddressClassifier.IsPublic"/>; only tests build another one (to reach a loopback server), and no
/// configuration key can.
/// </summary>
internal sealed record RemoteFetchGuard
{
    public static readonly RemoteFetchGuard Default = new();

    public Func<string, CancellationToken, Task<IPAddress[]>> ResolveAsync { get; init; } = Dns.GetHostAddressesAsync;

    public Func<IPAddress, bool> IsAllowedAddress { get; init; } = IpAddressClassifier.IsPublic;
}

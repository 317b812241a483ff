using System.Net;
using OpenClaw.Gateway.Images;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// The remote-media guard relaxed for tests only: names ending in <c>.test</c> resolve to 127.0.0.1 and exactly that
/// address is allowed, so <see cref="ImageServer"/> is reachable and every other check (127.0.0.2, ::1, private
/// ranges, local names, the allowlist, redirects) still applies.
/// </summary>
internal static class LoopbackGuard
{
    public static RemoteFetchGuard Create() => new()
    {
        ResolveAsync = (host, _) => Task.FromResult(host.EndsWith(".test", StringComparison.Ordinal) ? [IPAddress.Loopback] : Array.Empty<IPAddress>()),
        IsAllowedAddress = address => address.Equals(IPAddress.Loopback),
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Gateway.Auth;

/// <summary>The client address used for lockouts and loopback checks (http-api.md §3.4).</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The socket address, or the client a chain of trusted proxies forwarded for. As ASP.NET Core's
    /// <c>ForwardedHeadersMiddleware</c> does, <c>X-Forwarded-For</c> is read from the right: each entry is believed only
    /// while the hop that appended it is a trusted proxy, so a client cannot pose as loopback (or anyone) by putting an
    /// address of its choice at the left.
    /// </summary>
    public static IPAddress? Resolve(HttpContext context, IReadOnlyList<string> trustedProxies)
    {
        var client = Normalize(context.Connection.RemoteIpAddress);
        if (client is null || trustedProxies.Count == 0 || !IsTrusted(client, trustedProxies))
        {
            return client;
        }

        // Several X-Forwarded-For headers are one list, in order.
        var entries = string.Join(',', context.Request.Headers["X-Forwarded-For"].ToArray())
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = entries.Length - 1; i >= 0 && IsTrusted(client, trustedProxies); i--)
        {
            if (!IPEndPoint.TryParse(entries[i], out var forwarded))
            {
                // A malformed hop ends the chain: the last address vouched for stands.
                break;
            }

            client = Normalize(forwarded.Address);
        }

        return client;
    }

    public static string Key(IPAddress? address) => address?.ToString() ?? "unknown";

    /// <summary>
    /// The failed-auth limiter's key: an IPv4 address, or the /64 network of an IPv6 one, since a single host is
    /// usually handed a whole /64 and could otherwise make a fresh key for every guess.
    /// </summary>
    public static string LimiterKey(IPAddress? address)
    {
        if (address is not { AddressFamily: AddressFamily.InterNetworkV6 } || IPAddress.IsLoopback(address))
        {
            return Key(address);
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }

    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    [return: NotNullIfNotNull(nameof(address))]
    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    private static bool IsTrusted(IPAddress address, IReadOnlyList<string> trustedProxies)
    {
        foreach (var entry in trustedProxies)
        {
            if (entry.Contains('/', StringComparison.Ordinal)
                ? IPNetwork.TryParse(entry, out var network) && network.Contains(address)
                : IPAddress.TryParse(entry, out var single) && Normalize(single).Equals(address))
            {
                return true;
            }
        }

        return false;
    }
}

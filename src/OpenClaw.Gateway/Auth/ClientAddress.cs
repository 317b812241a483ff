using System.Net;

namespace OpenClaw.Gateway.Auth;

/// <summary>The client address used for lockouts and loopback checks (http-api.md §3.4).</summary>
internal static class ClientAddress
{
    /// <summary>The socket address, or the <c>X-Forwarded-For</c> client when the socket peer is a trusted proxy.</summary>
    public static IPAddress? Resolve(HttpContext context, IReadOnlyList<string> trustedProxies)
    {
        var remote = Normalize(context.Connection.RemoteIpAddress);
        if (remote is null || trustedProxies.Count == 0 || !IsTrusted(remote, trustedProxies))
        {
            return remote;
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        var first = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && IPAddress.TryParse(first, out var client) ? Normalize(client) : remote;
    }

    public static string Key(IPAddress? address) => address?.ToString() ?? "unknown";

    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    private static bool IsTrusted(IPAddress address, IReadOnlyList<string> trustedProxies)
    {
        foreach (var entry in trustedProxies)
        {
            if (entry.Contains('/', StringComparison.Ordinal)
                ? IPNetwork.TryParse(entry, out var network) && network.Contains(address)
                : IPAddress.TryParse(entry, out var single) && Normalize(single)!.Equals(address))
            {
                return true;
            }
        }

        return false;
    }
}

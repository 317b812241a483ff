using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Core.Providers;

/// <summary>
/// Tells a self-hosted model server (Ollama, llama.cpp, vLLM on the user's own machine or network) from a cloud API
/// by its base URL, the way the original picks its longer local-model timeouts: the native <c>ollama</c> api, a
/// loopback or private address, a <c>.local</c>/<c>.lan</c>/<c>.internal</c>/<c>.home.arpa</c> name, or a bare host name.
/// </summary>
public static class ProviderLocality
{
    private static readonly string[] LocalSuffixes = [".local", ".lan", ".internal", ".home.arpa", ".localhost"];

    public static bool IsSelfHosted(string api, string? baseUrl)
    {
        if (api == "ollama")
        {
            return true;
        }

        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return IsPrivate(address);
        }

        return host == "localhost" || !host.Contains('.', StringComparison.Ordinal) || LocalSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal));
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Unique local addresses (fc00::/7).
            return (address.GetAddressBytes()[0] & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] is >= 64 and <= 127); // carrier-grade NAT, where tailnets live
    }
}

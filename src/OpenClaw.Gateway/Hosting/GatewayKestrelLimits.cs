using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// Request-head limits that accept what the original's Node HTTP server accepts; Kestrel's defaults refused more than
/// 100 header lines with a 431 the original never sends.
/// </summary>
internal static class GatewayKestrelLimits
{
    /// <summary>Node's <c>server.maxHeadersCount</c>. Node drops the lines past it; Kestrel cannot, so more is a 431.</summary>
    public const int MaxRequestHeaderCount = 2000;

    /// <summary>
    /// Node allows 16 KiB of request target, names and values; Kestrel counts names, separators, values and line ends
    /// (about 4 bytes more a line), so 2,000 short headers Node takes need about 24 KiB here. Kestrel's 32 KiB default
    /// holds every section Node takes and still bounds what a connection may buffer before it is refused with a 431.
    /// </summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    public static void Apply(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
    }
}

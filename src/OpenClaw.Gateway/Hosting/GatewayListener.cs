using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Hosting;

/// <summary>The single Kestrel listener: port and bind address precedence of agent-runtime.md §2.2.</summary>
internal sealed record GatewayListener(int Port, string Bind, IReadOnlyList<IPAddress> Addresses)
{
    public const int DefaultPort = 18789;

    public bool IsLoopbackOnly => Addresses.All(IPAddress.IsLoopback);

    /// <summary><c>--port</c> &gt; <c>OPENCLAW_GATEWAY_PORT</c> &gt; <c>gateway.port</c> &gt; 18789; bind likewise.</summary>
    public static GatewayListener Resolve(OpenClawConfig config, GatewayStartupOverrides overrides, IProcessEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        var envPort = environment.Get("OPENCLAW_GATEWAY_PORT");
        int? fromEnv = null;
        if (!string.IsNullOrWhiteSpace(envPort))
        {
            fromEnv = int.TryParse(envPort, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65_535
                ? parsed
                : throw new GatewayStartupException($"OPENCLAW_GATEWAY_PORT must be a port number between 1 and 65535, got \"{envPort}\"");
        }

        var port = overrides.Port ?? fromEnv ?? config.Gateway.Port ?? DefaultPort;
        if (port is < 0 or > 65_535)
        {
            throw new GatewayStartupException($"--port must be between 1 and 65535, got {port}");
        }

        var bind = overrides.Bind ?? config.Gateway.Bind ?? "loopback";
        IReadOnlyList<IPAddress> addresses = bind switch
        {
            "loopback" or "auto" => Socket.OSSupportsIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback],
            "lan" => [IPAddress.Any],
            "custom" => [CustomHost(config)],
            "tailnet" => throw new GatewayStartupException("--bind tailnet is not supported by this gateway; use loopback, lan or custom"),
            _ => throw new GatewayStartupException($"--bind must be loopback, lan or custom, got \"{bind}\""),
        };
        return new GatewayListener(port, bind, addresses);
    }

    private static IPAddress CustomHost(OpenClawConfig config) =>
        config.Gateway.CustomBindHost is { } host && IPAddress.TryParse(host, out var address)
            ? address
            : throw new GatewayStartupException("gateway.bind is custom but gateway.customBindHost is not an IP address");
}

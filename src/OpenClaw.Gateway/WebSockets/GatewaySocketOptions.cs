using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// WebSocket control-plane limits and timings (<c>OpenClaw:WebSocket</c>); the defaults are the protocol's
/// (gateway-protocol.md §1), tests shorten the timings.
/// </summary>
internal sealed class GatewaySocketOptions
{
    public const string SectionName = "OpenClaw:WebSocket";

    /// <summary>Largest inbound frame once connected (<c>policy.maxPayload</c>); larger closes with 1009.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxPayloadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Largest inbound frame before <c>connect</c> succeeds.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxHandshakePayloadBytes { get; set; } = 64 * 1024;

    /// <summary>Outbound bytes queued per socket (<c>policy.maxBufferedBytes</c>) before events are dropped or the socket closed.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBufferedBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Time from open to a successful <c>connect</c>.</summary>
    [Range(10, 600_000)]
    public int HandshakeTimeoutMilliseconds { get; set; } = 10_000;

    /// <summary>Interval of the <c>tick</c> event (<c>policy.tickIntervalMs</c>).</summary>
    [Range(10, 3_600_000)]
    public int TickIntervalMilliseconds { get; set; } = 30_000;

    /// <summary>Minimum spacing of <c>chat</c> deltas per run.</summary>
    [Range(0, 60_000)]
    public int ChatDeltaThrottleMilliseconds { get; set; } = 150;

    /// <summary>How often the <c>health</c> event is refreshed and broadcast.</summary>
    [Range(100, 3_600_000)]
    public int HealthBroadcastMilliseconds { get; set; } = 60_000;

    /// <summary>How long a close the gateway sends may wait (behind frames a slow peer has not read) before the socket is aborted.</summary>
    [Range(100, 600_000)]
    public int CloseHandshakeTimeoutMilliseconds { get; set; } = 2_000;

    /// <summary>How long a stopping gateway waits for in-flight responses before closing sockets.</summary>
    [Range(0, 60_000)]
    public int ShutdownDrainMilliseconds { get; set; } = 5_000;

    /// <summary>Open sockets at once; one more is refused before the upgrade with 503 and <c>Retry-After</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>
    /// Sockets at once that have not completed <c>connect</c> (each may take <see cref="HandshakeTimeoutMilliseconds"/>);
    /// one more is refused like <see cref="MaxConnections"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPreAuthConnections { get; set; } = 100;

    /// <summary>
    /// Sockets at once still in their handshake from one non-loopback client (an IPv4 address or an IPv6 /64); one
    /// more is refused like <see cref="MaxConnections"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPreAuthConnectionsPerClient { get; set; } = 10;

    /// <summary>Requests one socket may have unanswered; one more gets a retryable <c>UNAVAILABLE</c> error, the socket stays open.</summary>
    [Range(1, 100_000)]
    public int MaxInFlightRequestsPerConnection { get; set; } = 32;

    /// <summary>Transport ping interval (0 disables).</summary>
    [Range(0, 3600)]
    public int KeepAliveSeconds { get; set; } = 20;
}

[OptionsValidator]
internal sealed partial class GatewaySocketOptionsValidator : IValidateOptions<GatewaySocketOptions>;

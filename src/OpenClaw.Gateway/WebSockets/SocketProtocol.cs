namespace OpenClaw.Gateway.WebSockets;

/// <summary>Constants of the control-plane protocol (gateway-protocol.md).</summary>
internal static class SocketProtocol
{
    /// <summary>The protocol we speak; 3 is accepted too (§3.2).</summary>
    public const int Version = 4;

    public const int OldestVersion = 3;

    /// <summary>The OpenClaw release we are wire-compatible with; clients gate features on it (§3.6).</summary>
    public const string CompatibleVersion = "2026.9.6";

    public static readonly string[] ClientIds =
    [
        "webchat-ui", "openclaw-control-ui", "webchat", "cli", "gateway-client", "openclaw-macos", "openclaw-ios",
        "openclaw-android", "node-host", "test", "fingerprint", "openclaw-probe",
    ];

    public static readonly string[] ClientModes = ["webchat", "cli", "ui", "backend", "node", "probe", "test"];

    /// <summary>Every event we can emit (hello-ok <c>features.events</c>).</summary>
    public static readonly string[] Events = ["connect.challenge", "agent", "chat", "tick", "health", "shutdown"];
}

/// <summary>ErrorShape codes (§2).</summary>
internal static class SocketErrorCodes
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string Unavailable = "UNAVAILABLE";
    public const string AgentTimeout = "AGENT_TIMEOUT";
    public const string NotPaired = "NOT_PAIRED";
    public const string RateLimited = "RATE_LIMITED";
}

/// <summary>Close codes (§7).</summary>
internal static class SocketCloseCodes
{
    public const int Normal = 1000;
    public const int GoingAway = 1001;
    public const int ProtocolError = 1002;
    public const int Unsupported = 1003;
    public const int PolicyViolation = 1008;
    public const int TooBig = 1009;
    public const int ServerError = 1011;
    public const int Restart = 1012;
}

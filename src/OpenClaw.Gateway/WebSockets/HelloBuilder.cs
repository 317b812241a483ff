using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>The <c>hello-ok</c> payload (gateway-protocol.md §3.6) and the gateway's own presence entry.</summary>
internal sealed class HelloBuilder(
    IConfigSource config, HealthService health, GatewayLifecycle lifecycle, SocketRpcDispatcher dispatcher,
    Microsoft.Extensions.Options.IOptions<GatewaySocketOptions> options, TimeProvider time)
{
    /// <summary>Our release, reported as <c>buildId</c> and <c>runtimeVersion</c>.</summary>
    public static readonly string OwnVersion = Hosting.GatewayVersion.Current;

    private readonly string _instanceId = Guid.NewGuid().ToString();
    private readonly long _startedAt = time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<JsonObject> BuildAsync(string connId, SocketSession session, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        var snapshot = config.Current;
        var healthSummary = await health.GetAsync(probe: false, cancellationToken);
        var defaultAgent = snapshot.Agents.DefaultAgentId;
        var mainKey = snapshot.Config.Session.MainKey;
        var policy = options.Value;
        return new JsonObject
        {
            ["type"] = "hello-ok",
            ["protocol"] = session.Protocol,
            ["server"] = new JsonObject
            {
                ["version"] = SocketProtocol.CompatibleVersion,
                ["buildId"] = "openclaw-dotnet-" + OwnVersion,
                ["connId"] = connId,
            },
            ["features"] = new JsonObject
            {
                ["methods"] = new JsonArray([.. dispatcher.Methods.Select(m => (JsonNode?)m)]),
                ["events"] = new JsonArray([.. SocketProtocol.Events.Select(e => (JsonNode?)e)]),
                ["capabilities"] = new JsonArray(),
            },
            ["snapshot"] = new JsonObject
            {
                ["presence"] = new JsonArray(Presence()),
                ["health"] = healthSummary,
                ["stateVersion"] = new JsonObject { ["presence"] = 1, ["health"] = health.Version },
                ["uptimeMs"] = lifecycle.UptimeMs,
                ["sessionDefaults"] = new JsonObject
                {
                    ["defaultAgentId"] = defaultAgent,
                    ["mainKey"] = mainKey,
                    ["mainSessionKey"] = $"agent:{defaultAgent}:{mainKey}",
                    ["scope"] = "per-sender",
                },
                ["configPath"] = snapshot.Paths.ConfigPath,
                ["stateDir"] = snapshot.Paths.StateDir,
                ["authMode"] = session.AuthMethod,
            },
            ["auth"] = new JsonObject
            {
                ["method"] = session.AuthMethod,
                ["role"] = "operator",
                ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)s)]),
            },
            ["policy"] = new JsonObject
            {
                ["maxPayload"] = policy.MaxPayloadBytes,
                ["maxBufferedBytes"] = policy.MaxBufferedBytes,
                ["tickIntervalMs"] = policy.TickIntervalMilliseconds,
            },
        };
    }

    private JsonObject? _presence;

    /// <summary>The gateway's own presence entry (CLI clients are not tracked).</summary>
    public JsonObject Presence() => (JsonObject)(_presence ??= BuildPresence()).DeepClone();

    private JsonObject BuildPresence()
    {
        var host = Environment.MachineName;
        var ip = PrimaryAddress() ?? host;
        var platform = $"{(OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "win32" : "unknown")} {Environment.OSVersion.Version}";
        return new JsonObject
        {
            ["host"] = host,
            ["ip"] = ip,
            ["version"] = SocketProtocol.CompatibleVersion,
            ["platform"] = platform,
            ["mode"] = "gateway",
            ["reason"] = "self",
            ["instanceId"] = _instanceId,
            ["text"] = $"Gateway: {host} ({ip}) · app {SocketProtocol.CompatibleVersion} · mode gateway · reason self",
            ["ts"] = _startedAt,
        };
    }

    private static string? PrimaryAddress()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))?.ToString();
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }
}

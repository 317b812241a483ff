using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.Auth;

/// <summary>
/// The auth settings in force. The mode is fixed at startup; secrets rotate with config reloads. A reload that would
/// leave the mode without a usable secret, or with one too weak for a listener beyond loopback, is ignored (the previous
/// secrets stay live).
/// </summary>
internal sealed partial class GatewayAuthState
{
    private readonly GatewayStartupOverrides _overrides;
    private readonly IProcessEnvironment _environment;
    private readonly GatewayListener _listener;
    private readonly ILogger<GatewayAuthState> _logger;
    private GatewayAuthSettings _current;

    public GatewayAuthState(IConfigSource config, GatewayStartupOverrides overrides, IProcessEnvironment environment, GatewayListener listener, ILogger<GatewayAuthState> logger)
    {
        _listener = listener;
        _overrides = overrides;
        _environment = environment;
        _logger = logger;
        Mode = GatewayAuthSettings.ResolveMode(config.Current.Config, overrides, environment);
        _current = GatewayAuthSettings.Resolve(config.Current.Config, Mode, overrides, environment, listener);
        config.Changed += OnConfigChanged;
    }

    public string Mode { get; }

    public GatewayAuthSettings Current => Volatile.Read(ref _current);

    private void OnConfigChanged(ConfigSnapshot snapshot)
    {
        try
        {
            Volatile.Write(ref _current, GatewayAuthSettings.Resolve(snapshot.Config, Mode, _overrides, _environment, _listener));
        }
        catch (GatewayStartupException ex)
        {
            Log.AuthReloadIgnored(_logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, EventName = "AuthReloadIgnored", Level = LogLevel.Warning,
            Message = "auth settings of the reloaded config are unusable, keeping the previous ones: {Reason}")]
        public static partial void AuthReloadIgnored(ILogger logger, string reason);
    }
}

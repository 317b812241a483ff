using Microsoft.Extensions.Logging;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Holds the current snapshot and swaps it atomically when the config file changes (debounced 200 ms). An invalid
/// edit is rejected and the last good snapshot stays live (agent-runtime.md §2.3).
/// </summary>
public sealed partial class ReloadingConfigSource : IConfigSource, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly OpenClawPaths _paths;
    private readonly ILogger _logger;
    private readonly IProcessEnvironment? _environment;
    private readonly Lock _reloadLock = new();
    private readonly Timer _debounceTimer;
    private FileSystemWatcher? _watcher;
    private Timer? _pollTimer;
    private (DateTime WrittenAt, long Length) _lastSeen;
    private ConfigSnapshot _current;

    /// <summary>Loads the initial snapshot; throws <see cref="ConfigException"/> when the file is invalid.</summary>
    public ReloadingConfigSource(OpenClawPaths paths, ILogger<ReloadingConfigSource> logger, IProcessEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = paths;
        _logger = logger;
        _environment = environment;
        _current = ConfigLoader.Load(paths, version: 1, environment);
        _debounceTimer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public ConfigSnapshot Current => Volatile.Read(ref _current);

    public event Action<ConfigSnapshot>? Changed;

    /// <summary>
    /// Starts watching the config file's directory (created if missing). Falls back to polling the file once a
    /// second when file-system events are unavailable (inotify limits, some container mounts) or when
    /// <c>DOTNET_USE_POLLING_FILE_WATCHER</c> is set.
    /// </summary>
    public void StartWatching()
    {
        var directory = Path.GetDirectoryName(_paths.ConfigPath)!;
        Directory.CreateDirectory(directory);
        _lastSeen = Stamp();
        if (!PollingRequested())
        {
            try
            {
                _watcher = new FileSystemWatcher(directory, Path.GetFileName(_paths.ConfigPath))
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                _watcher.Changed += OnFileEvent;
                _watcher.Created += OnFileEvent;
                _watcher.Renamed += OnFileEvent;
                _watcher.Deleted += OnFileEvent;
                _watcher.EnableRaisingEvents = true;
                return;
            }
            catch (IOException ex)
            {
                _watcher?.Dispose();
                _watcher = null;
                Log.PollingFallback(_logger, ex.Message);
            }
        }

        _pollTimer = new Timer(_ => Poll(), null, PollInterval, PollInterval);
    }

    /// <summary>Re-reads the file now; returns false (keeping the old snapshot) when it is invalid.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            var previous = Current;
            ConfigSnapshot next;
            try
            {
                next = ConfigLoader.Load(_paths, previous.Version + 1, _environment);
            }
            catch (Exception ex)
            {
                // Runs on a timer thread: nothing may escape, whatever the file holds.
                Log.ReloadSkipped(_logger, ex.Message);
                return false;
            }

            var restartKeys = RestartRequiredKeys(previous.Config.Gateway, next.Config.Gateway);
            if (restartKeys.Count > 0)
            {
                Log.RestartRequired(_logger, string.Join(", ", restartKeys));
            }

            Volatile.Write(ref _current, next);
            Log.Reloaded(_logger, next.Version);
            Changed?.Invoke(next);
            return true;
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _pollTimer?.Dispose();
        _debounceTimer.Dispose();
    }

    private static bool PollingRequested() =>
        Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER") is "1" or "true" or "True" or "TRUE";

    private (DateTime WrittenAt, long Length) Stamp()
    {
        var file = new FileInfo(_paths.ConfigPath);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : (default, -1);
    }

    private void Poll()
    {
        var stamp = Stamp();
        if (stamp != _lastSeen)
        {
            _lastSeen = stamp;
            _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private static List<string> RestartRequiredKeys(GatewayConfig before, GatewayConfig after)
    {
        var keys = new List<string>();
        if (before.Port != after.Port)
        {
            keys.Add("gateway.port");
        }

        if (before.Bind != after.Bind || before.CustomBindHost != after.CustomBindHost)
        {
            keys.Add("gateway.bind");
        }

        if (before.Auth.Mode != after.Auth.Mode)
        {
            keys.Add("gateway.auth.mode");
        }

        if (before.Tls != after.Tls)
        {
            keys.Add("gateway.tls");
        }

        return keys;
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "ConfigReloadSkipped", Level = LogLevel.Warning,
            Message = "config reload skipped (invalid config): {Reason}")]
        public static partial void ReloadSkipped(ILogger logger, string reason);

        [LoggerMessage(EventId = 1002, EventName = "ConfigRestartRequired", Level = LogLevel.Warning,
            Message = "restart required for {Keys}; keeping the current listener settings")]
        public static partial void RestartRequired(ILogger logger, string keys);

        [LoggerMessage(EventId = 1004, EventName = "ConfigPollingFallback", Level = LogLevel.Warning,
            Message = "file change notifications are unavailable ({Reason}); polling the config file every second instead")]
        public static partial void PollingFallback(ILogger logger, string reason);

        [LoggerMessage(EventId = 1003, EventName = "ConfigReloaded", Level = LogLevel.Information,
            Message = "config reloaded (version {Version})")]
        public static partial void Reloaded(ILogger logger, long version);
    }
}

using System.Diagnostics;

namespace OpenClaw.Gateway.Http;

/// <summary>Process-level readiness facts shared by the probes and the drain logic.</summary>
internal sealed class GatewayLifecycle
{
    private readonly long _startedTimestamp = Stopwatch.GetTimestamp();
    private volatile bool _draining;
    private volatile bool _accepting;
    private volatile bool _storageReady;

    public bool Draining => _draining;

    public bool Accepting => _accepting;

    public bool StorageReady => _storageReady;

    public long UptimeMs => (long)Stopwatch.GetElapsedTime(_startedTimestamp).TotalMilliseconds;

    public void MarkAccepting() => _accepting = true;

    public void MarkStorageReady() => _storageReady = true;

    public void BeginDraining() => _draining = true;
}

using System.Security.Cryptography;
using System.Text;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// Serializes read-edit-write cycles on one config file across processes with a named system mutex (no file is left
/// next to the config), so two concurrent <c>config set</c> runs never lose an update. Synchronous: release happens
/// on the acquiring thread.
/// </summary>
internal sealed class ConfigFileLock : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Mutex _mutex;

    private ConfigFileLock(Mutex mutex) => _mutex = mutex;

    public static ConfigFileLock Acquire(string configPath)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(configPath))))[..32];
        var mutex = new Mutex(initiallyOwned: false, $"Global\\openclaw-config-{hash}");
        try
        {
            if (!mutex.WaitOne(Wait))
            {
                mutex.Dispose();
                throw new CliException($"another openclaw command has been editing {configPath} for {Wait.TotalSeconds:0} s; try again");
            }
        }
        catch (AbandonedMutexException)
        {
            // A previous editor died while holding it; the file itself was only ever replaced atomically.
        }

        return new ConfigFileLock(mutex);
    }

    public void Dispose()
    {
        _mutex.ReleaseMutex();
        _mutex.Dispose();
    }
}

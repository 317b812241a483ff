using System.Runtime.InteropServices;

namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// Keeps commands the agent runs from reading the gateway's own memory. <c>exec</c> children get a filtered
/// environment, but they run as the gateway's user, and on Linux a same-user process can read
/// <c>/proc/&lt;gateway&gt;/environ</c> (the environment the gateway started with: provider keys, the gateway token) and
/// its memory. Marking the process non-dumpable (<c>prctl(PR_SET_DUMPABLE, 0)</c>) makes those files root-only and
/// refuses ptrace to the same user. It cannot stop a process running as root, and it does not hide files the gateway's
/// user can read (<c>openclaw.json</c>, <c>.env</c>): for that, run commands as another user or in a sandbox.
/// </summary>
internal static partial class ProcessProtection
{
    private const int PrGetDumpable = 3;
    private const int PrSetDumpable = 4;

    /// <summary>Marks the process non-dumpable on Linux unless <paramref name="enabled"/> is false; logs what it did.</summary>
    public static void Apply(bool enabled, ILogger logger)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (!enabled)
        {
            Log.Disabled(logger);
        }
        else if (!SetDumpable(false))
        {
            Log.Failed(logger, Marshal.GetLastPInvokeErrorMessage());
        }
    }

    /// <summary>Whether another process of the same user may read this one's <c>/proc</c> files; null off Linux.</summary>
    public static bool? IsDumpable() => OperatingSystem.IsLinux() ? Prctl(PrGetDumpable, 0, 0, 0, 0) == 1 : null;

    internal static bool SetDumpable(bool dumpable) =>
        OperatingSystem.IsLinux() && Prctl(PrSetDumpable, dumpable ? 1u : 0u, 0, 0, 0) == 0;

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5020, EventName = "ProcessProtectionDisabled", Level = LogLevel.Warning,
            Message = "OpenClaw:Tools:ProtectProcess is off: commands run by exec can read this process's environment and memory through /proc")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(EventId = 5021, EventName = "ProcessProtectionFailed", Level = LogLevel.Warning,
            Message = "could not mark the gateway process non-dumpable ({Error}): commands run by exec may read its environment through /proc")]
        public static partial void Failed(ILogger logger, string error);
    }
}

using System.Runtime.CompilerServices;

namespace OpenClaw.Gateway.Tests;

internal static class TestProcessSetup
{
    /// <summary>
    /// Every host the tests build would otherwise watch its appsettings.json with inotify, and the per-user
    /// instance limit (often 128) is shared with everything else on the machine.
    /// </summary>
    [ModuleInitializer]
    internal static void DisableConfigFileReload() =>
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}

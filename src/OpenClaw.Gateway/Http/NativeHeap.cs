using System.Runtime.InteropServices;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// The C heap's side of giving memory back (Linux with glibc). SQLite copies a large transcript entry with malloc
/// (tens of MiB for a 20 MiB prompt). glibc serves such a block with mmap and unmaps it on free, but it then raises
/// its mmap threshold to the freed size, so the next large blocks come from the heap instead, where freed memory
/// stays resident: after a burst of big requests the process kept about 80 MiB more than before. A fixed threshold
/// keeps large blocks on mmap; a trim after a burst returns what the heap still holds.
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>glibc's default starting threshold.</summary>
    private const int MmapThresholdBytes = 128 * 1024;

    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD

    /// <summary>Fixes the mmap threshold (setting it also turns off glibc's dynamic adjustment); false where unavailable.</summary>
    public static bool FixMmapThreshold() => Call(() => mallopt(MmapThresholdParameter, MmapThresholdBytes) == 1);

    /// <summary>Returns free heap memory to the OS; false where unavailable.</summary>
    public static bool Trim() => Call(() => malloc_trim(0) == 1);

    private static bool Call(Func<bool> call)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return call();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): its allocator does without.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);
}

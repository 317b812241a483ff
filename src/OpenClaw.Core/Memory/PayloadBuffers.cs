using System.Buffers;
using System.Runtime.CompilerServices;

namespace OpenClaw.Core.Memory;

/// <summary>
/// Scratch arrays for payload-sized data (request bodies, decoded text, images). Up to <see cref="PooledBytes"/>
/// they come from the shared pool; larger ones are plain allocations handed back to the GC. The shared pool keeps
/// what is returned to it, per core and size, for good: pooling a 20 MiB body would keep tens of megabytes resident
/// long after a burst of big requests.
/// </summary>
public static class PayloadBuffers
{
    /// <summary>The largest array, in bytes, that is pooled.</summary>
    public const int PooledBytes = 1024 * 1024;

    public static T[] Rent<T>(int minimumLength) =>
        IsPooledSize<T>(minimumLength) ? ArrayPool<T>.Shared.Rent(minimumLength) : GC.AllocateUninitializedArray<T>(minimumLength);

    /// <summary>Returns an array from <see cref="Rent{T}"/>; a large one is simply dropped.</summary>
    public static void Return<T>(T[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (IsPooledSize<T>(array.Length))
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }

    // The pool hands out powers of two: a request up to the limit may come back at most that large.
    private static bool IsPooledSize<T>(int length) => (long)length * Unsafe.SizeOf<T>() <= PooledBytes;
}

using System.Runtime.CompilerServices;

namespace OpenClaw.Core.Tests;

internal static class TestProcessSetup
{
    /// <summary>
    /// xunit runs test classes in parallel and many of them block a thread pool thread while a fake upstream on the
    /// same pool needs one to answer; on a 2-core runner the pool then grows one thread at a time and a fake's
    /// 250 ms pause can take a second. Tests that measure deadlines need the pool to answer on time.
    /// </summary>
    [ModuleInitializer]
    internal static void GiveTheThreadPoolHeadroom()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}

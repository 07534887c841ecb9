using System.Runtime.CompilerServices;

namespace CloudVm.Tests;

static class TestRun
{
    /// <summary>Test classes run in parallel and many of them block a thread on a hosted PowerShell pipeline; with the
    /// thread pool's default minimum (the core count, 2 here) the continuations of the tests that measure "stops within
    /// a second" wait for the pool to grow (about one thread a second), and the measurement is of the pool, not of
    /// CloudVm. Starting with enough threads makes those tests measure what they say.</summary>
    [ModuleInitializer]
    internal static void Start()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}

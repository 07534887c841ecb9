using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace CloudVm.PowerShell
{
    /// <summary>Where a runspace's cmdlets find their sessions and their clock. Every runspace uses the process's
    /// (so ForEach-Object -Parallel and thread jobs share sessions, like Az's context); a test can give its own
    /// runspace a private store and a fake clock, so tests run in parallel without waiting on the real clock.</summary>
    public sealed class CloudVmContext
    {
        public static CloudVmContext Process { get; } = new CloudVmContext(CloudVmSessionStore.Process, null);
        static readonly ConditionalWeakTable<Runspace, CloudVmContext> Private = new ConditionalWeakTable<Runspace, CloudVmContext>();

        public CloudVmContext(CloudVmSessionStore store, object? clock)
        {
            Store = store;
            Clock = clock;
        }

        public CloudVmSessionStore Store { get; }
        /// <summary>A TimeProvider for the sessions this runspace makes (null: the system clock). Typed object so the
        /// cmdlets never bind to a TimeProvider type of their own (it lives with the engine, in its load context).</summary>
        public object? Clock { get; }

        public static void Register(Runspace runspace, CloudVmContext context) => Private.Add(runspace, context);

        public static CloudVmContext For(Runspace? runspace) => runspace != null && Private.TryGetValue(runspace, out var c) ? c : Process;
    }
}

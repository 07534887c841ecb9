using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.Jobs
{
    /// <summary>What the cmdlets call to wait and to read again what jobs made (no TimeProvider in these signatures:
    /// the cmdlets live outside the engine's load context).</summary>
    public static class Waiting
    {
        internal static TimeProvider ClockOf(CloudVmSession? s) => (s?.Client as ProviderClient)?.Clock ?? TimeProvider.System;

        public static Task<WaitOutcome> WaitAsync(IReadOnlyList<CloudVmJob> jobs, TimeSpan timeout, string activity, CancellationToken ct) =>
            JobWaiter.WaitAsync(jobs, timeout, activity, ClockOf(jobs.FirstOrDefault(j => j.Owner != null)?.Owner), ct);

        /// <summary>The VMs the jobs worked on, as they are now: one list read per session when there are many, else
        /// one read per VM (a few at a time). Deletes give nothing.</summary>
        public static async Task<IReadOnlyList<object>> RereadVmsAsync(IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            var wanted = jobs.Where(j => j.VmId != null && j.Owner != null && j.Operation != CloudVmJobOperation.Delete).ToList();
            var found = new Dictionary<(CloudVmSession, string), VirtualMachine>();
            foreach (var group in wanted.GroupBy(j => j.Owner!))
            {
                var client = (ProviderClient)group.Key.Api;
                var ids = group.Select(j => j.VmId!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (ids.Count > ProviderClient.ListPollThreshold && client.Features.Supports(CloudVmOperation.ListVms))
                    foreach (var vm in await client.ReadAllVmsAsync(ct).ConfigureAwait(false)) found[(group.Key, vm.Id)] = vm;
                var missing = ids.Where(id => !found.ContainsKey((group.Key, id))).ToList();
                var read = await Bounded.RunAsync(missing, (id, c) => client.GetVmAsync(id, c), group.Key.ThrottleLimit, ct).ConfigureAwait(false);
                foreach (var r in read)
                {
                    if (r.Error != null) throw r.Error;
                    found[(group.Key, r.Item)] = r.Value!;
                }
            }
            var result = new List<object>();
            var written = new HashSet<(CloudVmSession, string)>();
            foreach (var j in wanted)
                if (found.TryGetValue((j.Owner!, j.VmId!), out var vm) && written.Add((j.Owner!, vm.Id))) result.Add(vm);
            return result;
        }
    
        /// <summary>Stops the VM if it is not stopped and waits until it is (Remove-CloudVm -Force on providers that
        /// delete only halted VMs). Throws when it cannot be stopped in time.</summary>
        public static async Task EnsureStoppedAsync(CloudVmSession session, VmRef vm, TimeSpan timeout, CancellationToken ct)
        {
            var api = session.Api;
            var current = await api.GetVmAsync(vm.Id, ct).ConfigureAwait(false);
            if (current.Status == CloudVmStatus.Stopped) return;
            var client = (ProviderClient)api;
            CloudVmLog.Verbose($"Stopping {current.Name} before deleting it.");
            var job = current.Status == CloudVmStatus.Running
                ? await api.PowerAsync(new VmRef(vm.Id, current.Name), PowerAction.Stop, new PowerOptions(), ct).ConfigureAwait(false)
                : client.FollowState(CloudVmJobOperation.Stop, new VmRef(vm.Id, current.Name), CloudVmStatus.Stopped);
            var outcome = await JobWaiter.WaitAsync(new[] { job }, timeout, $"Stopping {current.Name} before deleting it", client.Clock, ct).ConfigureAwait(false);
            if (job.State != CloudVmJobState.Completed)
                throw new CloudVmException(job.State == CloudVmJobState.Failed ? CloudVmErrorKind.JobFailed : CloudVmErrorKind.Timeout,
                    $"{current.Name} was not deleted: it did not stop ({job.Error ?? "still " + (job.ProviderState ?? current.ProviderStatus)}).") { Provider = session.Provider, Target = vm.Id };
        }
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers
{
    /// <summary>Steps built from the provider contract that several cmdlets share.</summary>
    public static class VmOperations
    {
        /// <summary>Stops the VM if it is not stopped and waits until it is (Remove-CloudVm -Force on providers
        /// that delete only halted VMs). Throws when it cannot be stopped in time.</summary>
        public static async Task EnsureStoppedAsync(ICloudProvider api, VmRef vm, TimeSpan timeout, CancellationToken ct)
        {
            var current = await api.GetVmAsync(vm.Id, ct).ConfigureAwait(false);
            if (current.Status == CloudVmStatus.Stopped) return;
            CloudVmJob job;
            if (current.Status == CloudVmStatus.Running)
            {
                CloudVmLog.Verbose($"Stopping {current.Name} before deleting it.");
                job = await api.PowerAsync(vm, PowerAction.Stop, null, ct).ConfigureAwait(false);
            }
            else
            {
                CloudVmLog.Verbose($"Waiting for {current.Name} ({current.ProviderStatus}) to stop before deleting it.");
                job = new CloudVmJob { Id = $"Stop:{vm.Id}", Operation = "Stop", VmId = vm.Id, VmName = current.Name, Provider = current.Provider, Tracking = JobTracking.VmState, TargetStatus = CloudVmStatus.Stopped, Session = current.Session };
            }
            await JobWaiter.WaitAsync(new[] { job }, timeout, $"Stopping {current.Name} before deleting it", ct).ConfigureAwait(false);
            if (job.State != CloudVmJobState.Completed)
                throw new CloudVmException(job.State == CloudVmJobState.Failed ? CloudVmErrorKind.JobFailed : CloudVmErrorKind.Timeout,
                    $"{current.Name} was not deleted: it did not stop ({job.Error ?? "still " + job.ProviderState}).") { Provider = current.Provider, Target = vm };
        }
    }
}

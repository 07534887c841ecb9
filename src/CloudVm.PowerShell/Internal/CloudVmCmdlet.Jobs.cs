using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Jobs;

namespace CloudVm.PowerShell
{
    // Jobs: what a mutating cmdlet writes, and -Wait's one implementation.
    public abstract partial class CloudVmCmdlet
    {
        // ---- jobs ----

        public const int DefaultTimeoutSeconds = 3600;

        /// <summary>Waits on the jobs (progress bar, Ctrl+C), writes an error for each failed, timed-out or unreachable
        /// job, and returns the completed ones.</summary>
        protected List<CloudVmJob> WaitForJobs(IReadOnlyList<CloudVmJob> jobs, int timeoutSeconds, string activity)
        {
            if (jobs.Count == 0) return new List<CloudVmJob>();
            var outcome = Run(ct => Waiting.WaitAsync(jobs, TimeSpan.FromSeconds(timeoutSeconds), activity, ct));
            var done = new List<CloudVmJob>();
            foreach (var job in jobs)
            {
                if (job.State == CloudVmJobState.Completed) done.Add(job);
                else if (job.State == CloudVmJobState.Failed)
                    WriteCloudError(new CloudVmException(CloudVmErrorKind.JobFailed, job.Error ?? $"{job.Operation} failed.") { Provider = job.Provider }, job.Id);
                else if (job.Owner != null && outcome.Errors.TryGetValue(job.Owner, out var error))
                    WriteCloudError(error, job.Id);
                else
                    WriteCloudError(new CloudVmException(CloudVmErrorKind.Timeout,
                        $"{job.Operation} of {job.Subject} did not finish within {timeoutSeconds} s; it goes on at {job.Provider.DisplayName}.")
                    { Provider = job.Provider, RecommendedAction = $"Wait for it with Wait-CloudVmJob -Id {job.Id}, or look with Get-CloudVmJob." }, job.Id);
            }
            return done;
        }

        /// <summary>The one way mutating cmdlets answer: the jobs, or with -Wait, what the work made, read again
        /// (<paramref name="reread"/>; VMs by default, many at once with one list read).</summary>
        protected void EmitJobs(IReadOnlyList<CloudVmJob> jobs, bool wait, int timeoutSeconds, string activity, Func<IReadOnlyList<CloudVmJob>, CancellationToken, Task<IReadOnlyList<object>>>? reread = null)
        {
            if (!wait)
            {
                foreach (var job in jobs) WriteObject(job);
                return;
            }
            var done = WaitForJobs(jobs, timeoutSeconds, activity);
            if (done.Count == 0) return;
            reread ??= Waiting.RereadVmsAsync;
            try
            {
                foreach (var o in Run(ct => reread(done, ct))) WriteObject(o);
            }
            catch (CloudVmException e)
            {
                WriteCloudError(e, done.Count == 1 ? done[0].Id : null);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers
{
    /// <summary>Waits on any mix of jobs from any sessions: each poll refreshes every unfinished job
    /// through its own provider (which batches where it can), reports progress, and backs off from
    /// 250 ms to the session's MaxPollInterval. Cancellation stops it at once.</summary>
    public static class JobWaiter
    {
        public static TimeSpan FirstPollDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>Returns when every job is finished, or the timeout passes (unfinished jobs are left as they are).</summary>
        public static async Task WaitAsync(IReadOnlyList<CloudVmJob> jobs, TimeSpan? timeout, string activity, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            var delay = FirstPollDelay;
            try
            {
                while (true)
                {
                    var open = jobs.Where(j => !j.IsFinished).ToList();
                    Report(jobs, activity, watch.Elapsed);
                    if (open.Count == 0) return;
                    if (timeout != null && watch.Elapsed >= timeout.Value) return;

                    var pause = delay;
                    if (timeout != null && timeout.Value - watch.Elapsed < pause) pause = timeout.Value - watch.Elapsed;
                    if (pause > TimeSpan.Zero) await Task.Delay(pause, ct).ConfigureAwait(false);

                    foreach (var group in open.GroupBy(j => j.Session))
                    {
                        var session = group.Key ?? throw new CloudVmException(CloudVmErrorKind.NoSession, "A job has no session to poll it through.");
                        await session.Api.RefreshJobsAsync(group.ToList(), ct).ConfigureAwait(false);
                    }

                    var cap = open.Select(j => j.Session?.MaxPollInterval ?? TimeSpan.FromSeconds(5)).Min();
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, cap.TotalMilliseconds));
                }
            }
            finally
            {
                CloudVmLog.Progress(new CloudVmProgress { Activity = activity, Completed = true });
            }
        }

        static void Report(IReadOnlyList<CloudVmJob> jobs, string activity, TimeSpan elapsed)
        {
            int done = jobs.Count(j => j.IsFinished);
            double percent = jobs.Average(j => j.IsFinished ? 100 : (j.PercentComplete ?? 0));
            var current = jobs.FirstOrDefault(j => !j.IsFinished);
            var status = jobs.Count == 1
                ? $"{current?.Operation ?? jobs[0].Operation} {jobs[0].VmName ?? jobs[0].VmId}: {jobs[0].ProviderState ?? jobs[0].State.ToString()} ({elapsed.TotalSeconds:0} s)"
                : $"{done} of {jobs.Count} jobs finished ({elapsed.TotalSeconds:0} s)";
            CloudVmLog.Progress(new CloudVmProgress { Activity = activity, Status = status, PercentComplete = (int)Math.Min(100, Math.Max(0, percent)) });
        }
    }
}

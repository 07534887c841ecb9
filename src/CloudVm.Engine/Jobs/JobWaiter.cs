using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Http;

namespace CloudVm.Jobs
{
    /// <summary>How a wait ended.</summary>
    public sealed class WaitOutcome
    {
        internal WaitOutcome(bool timedOut, IReadOnlyDictionary<CloudVmSession, CloudVmException> errors)
        {
            TimedOut = timedOut;
            Errors = errors;
        }

        /// <summary>The timeout passed with jobs still open (they go on at the provider).</summary>
        public bool TimedOut { get; }
        /// <summary>A permanent failure (401, an answer that is not the documented shape) that ended the wait for a session's jobs.</summary>
        public IReadOnlyDictionary<CloudVmSession, CloudVmException> Errors { get; }
    }

    /// <summary>Waits on any mix of jobs from any sessions: each round refreshes every unfinished job through its own
    /// provider (which batches where it can, sessions in parallel), reports progress, and backs off from the first
    /// poll delay to the session's MaxPollInterval. The timeout is a hard ceiling: every request's own timeout is
    /// cut to what is left. Transient failures (429, 5xx, dropped connections) are ridden out until then; only
    /// permanent ones end the wait early. Cancellation (Ctrl+C) stops it at once.</summary>
    public static class JobWaiter
    {
        public static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(250);

        public static async Task<WaitOutcome> WaitAsync(IReadOnlyList<CloudVmJob> jobs, TimeSpan timeout, string activity, TimeProvider clock, CancellationToken ct)
        {
            var errors = new Dictionary<CloudVmSession, CloudVmException>();
            var started = clock.GetTimestamp();
            TimeSpan Elapsed() => clock.GetElapsedTime(started);
            using var ceiling = Clocks.CancelAfter(clock, timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, ceiling.Token);
            var delay = FirstPollDelay;
            var failures = 0;
            try
            {
                while (true)
                {
                    var open = jobs.Where(j => !j.IsFinished && j.Tracker.NeedsPolling && j.Owner != null && !errors.ContainsKey(j.Owner)).ToList();
                    Report(jobs, activity, Elapsed());
                    if (open.Count == 0) return new WaitOutcome(false, errors);
                    try
                    {
                        await Clocks.Delay(clock, delay, linked.Token).ConfigureAwait(false);
                        var rounds = open.GroupBy(j => j.Owner!).Select(g => RefreshAsync(g.Key, g.ToList(), linked.Token)).ToList();
                        var results = await Task.WhenAll(rounds).ConfigureAwait(false);
                        bool transient = false;
                        foreach (var (session, error) in results)
                        {
                            if (error == null) continue;
                            if (error.IsTransient)
                            {
                                transient = true;
                                if (CloudVmLog.VerboseEnabled) CloudVmLog.Verbose($"Polling {session.Provider.DisplayName} failed ({error.Message}); the wait goes on.");
                            }
                            else errors[session] = error;
                        }
                        failures = transient ? failures + 1 : 0;
                    }
                    catch (OperationCanceledException) when (ceiling.IsCancellationRequested && !ct.IsCancellationRequested)
                    {
                        return new WaitOutcome(true, errors);
                    }
                    var cap = open.Select(j => j.Owner!.MaxPollInterval).Min();
                    // After failures, back off faster (up to the cap) so a struggling provider is not hammered.
                    var next = delay.TotalMilliseconds * (failures > 0 ? 2 : 1.5);
                    delay = TimeSpan.FromMilliseconds(Math.Min(next, Math.Max(cap.TotalMilliseconds, 1)));
                }
            }
            finally
            {
                CloudVmLog.Progress(new CloudVmProgress { Activity = activity, Completed = true });
            }
        }

        static async Task<(CloudVmSession, CloudVmException?)> RefreshAsync(CloudVmSession session, IReadOnlyList<CloudVmJob> jobs, CancellationToken ct)
        {
            try
            {
                await session.Api.RefreshJobsAsync(jobs, ct).ConfigureAwait(false);
                return (session, null);
            }
            catch (CloudVmException e)
            {
                return (session, e);
            }
        }

        static void Report(IReadOnlyList<CloudVmJob> jobs, string activity, TimeSpan elapsed)
        {
            int done = jobs.Count(j => j.IsFinished);
            double percent = jobs.Count == 0 ? 100 : jobs.Average(j => j.IsFinished ? 100 : (j.PercentComplete ?? 0));
            var current = jobs.FirstOrDefault(j => !j.IsFinished) ?? (jobs.Count > 0 ? jobs[0] : null);
            var status = jobs.Count == 1
                ? $"{current!.Operation} {current.Subject}: {current.ProviderState ?? current.State.ToString()} ({elapsed.TotalSeconds:0} s)"
                : $"{done} of {jobs.Count} jobs finished ({elapsed.TotalSeconds:0} s)";
            CloudVmLog.Progress(new CloudVmProgress { Activity = activity, Status = status, PercentComplete = (int)Math.Min(100, Math.Max(0, percent)) });
        }
    }
}

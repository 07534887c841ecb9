using System;
using System.Collections.Generic;
using System.Linq;
using CloudVm.Providers;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Base of every cmdlet: runs async work while replaying its verbose, debug, warning and
    /// progress messages on the pipeline thread, stops promptly on Ctrl+C, and turns failures into
    /// ErrorRecords with stable ids.</summary>
    public abstract class CloudVmCmdlet : PSCmdlet
    {
        readonly CancellationTokenSource stopping = new CancellationTokenSource();

        protected CancellationToken Token => stopping.Token;

        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>Runs the work; blocks this (pipeline) thread and pumps its messages until it is done.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            using var queue = new BlockingCollection<Action>();
            var previous = CloudVmLog.Current;
            CloudVmLog.Current = new QueueLog(queue, this);
            Task<T> task;
            try
            {
                task = Task.Run(() => work(stopping.Token));
            }
            finally
            {
                CloudVmLog.Current = previous;
            }
            task.ContinueWith(_ => queue.CompleteAdding(), TaskContinuationOptions.ExecuteSynchronously);
            foreach (var write in queue.GetConsumingEnumerable()) write();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Run(Func<CancellationToken, Task> work) => Run<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

        sealed class QueueLog : ICloudVmLog
        {
            readonly BlockingCollection<Action> queue;
            readonly CloudVmCmdlet cmdlet;

            public QueueLog(BlockingCollection<Action> queue, CloudVmCmdlet cmdlet)
            {
                this.queue = queue;
                this.cmdlet = cmdlet;
            }

            void Post(Action a)
            {
                try { queue.TryAdd(a); } catch (InvalidOperationException) { }
            }

            public void Verbose(string message) => Post(() => cmdlet.WriteVerbose(message));
            public void Debug(string message) => Post(() => cmdlet.WriteDebug(message));
            public void Warning(string message) => Post(() => cmdlet.WriteWarning(message));

            public void Progress(CloudVmProgress p) => Post(() =>
            {
                var record = new ProgressRecord(Math.Abs(p.Activity.GetHashCode() % 100000) + 1, p.Activity, string.IsNullOrEmpty(p.Status) ? "Waiting" : p.Status);
                if (p.PercentComplete >= 0) record.PercentComplete = p.PercentComplete;
                if (p.Completed) record.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(record);
            });
        }

        // ---- sessions ----

        /// <summary>The given session, else the default one, else a terminating "connect first" error.</summary>
        protected CloudVmSession ResolveSession(CloudVmSession? given)
        {
            var s = given ?? CloudVmSessionStore.Default;
            if (s == null)
                ThrowTerminatingError(new ErrorRecord(new CloudVmException(CloudVmErrorKind.NoSession, "There is no CloudVm session. Run Connect-CloudVm first, or pass -Session."),
                    "CloudVm.NoSession", ErrorCategory.ConnectionError, null));
            return s!;
        }

        // ---- errors ----

        internal static ErrorRecord Record(Exception e, object? target)
        {
            if (e is CloudVmException c)
            {
                var record = new ErrorRecord(c, c.ErrorId, Category(c.Kind), target ?? c.Target);
                record.ErrorDetails = new ErrorDetails(c.Message);
                var hint = Hint(c);
                if (hint != null) record.ErrorDetails.RecommendedAction = hint;
                return record;
            }
            return new ErrorRecord(e, "CloudVm.UnexpectedError", ErrorCategory.NotSpecified, target);
        }

        static string? Hint(CloudVmException c) => c.Kind switch
        {
            CloudVmErrorKind.Unauthorized => "Check the API key and run Connect-CloudVm again.",
            CloudVmErrorKind.RateLimited => "Wait a moment and try again; the provider limits requests per minute.",
            CloudVmErrorKind.NoSession => "Run Connect-CloudVm.",
            _ => null,
        };

        internal static ErrorCategory Category(CloudVmErrorKind kind) => kind switch
        {
            CloudVmErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            CloudVmErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            CloudVmErrorKind.Unauthorized => ErrorCategory.AuthenticationError,
            CloudVmErrorKind.Forbidden => ErrorCategory.PermissionDenied,
            CloudVmErrorKind.Conflict => ErrorCategory.ResourceBusy,
            CloudVmErrorKind.RateLimited => ErrorCategory.LimitsExceeded,
            CloudVmErrorKind.ServerError => ErrorCategory.ResourceUnavailable,
            CloudVmErrorKind.Network => ErrorCategory.ConnectionError,
            CloudVmErrorKind.NotSupported => ErrorCategory.NotImplemented,
            CloudVmErrorKind.JobFailed => ErrorCategory.OperationStopped,
            CloudVmErrorKind.Timeout => ErrorCategory.OperationTimeout,
            CloudVmErrorKind.NoSession => ErrorCategory.ConnectionError,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>A non-terminating error for one item; the pipeline goes on with the others.</summary>
        protected void WriteCloudError(Exception e, object? target) => WriteError(Record(e, target));

        /// <summary>A terminating error for bad input, raised before any request.</summary>
        protected void ThrowCloudError(Exception e, object? target) => ThrowTerminatingError(Record(e, target));

        /// <summary>Runs one item's work; a CloudVm failure becomes that item's error and the rest go on.</summary>
        protected bool Try(object? target, Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (CloudVmException e)
            {
                WriteCloudError(e, target);
                return false;
            }
        }
    
        // ---- jobs ----

        public const int DefaultTimeoutSeconds = 3600;

        /// <summary>Waits on the jobs (progress bar, Ctrl+C), writes an error for each failed or timed-out
        /// job, and returns the completed ones.</summary>
        protected List<CloudVmJob> WaitForJobs(IReadOnlyList<CloudVmJob> jobs, int timeoutSeconds, string activity)
        {
            if (jobs.Count == 0) return new List<CloudVmJob>();
            Run(ct => JobWaiter.WaitAsync(jobs, TimeSpan.FromSeconds(timeoutSeconds), activity, ct));
            var done = new List<CloudVmJob>();
            foreach (var job in jobs)
            {
                if (job.State == CloudVmJobState.Completed) done.Add(job);
                else if (job.State == CloudVmJobState.Failed)
                    WriteCloudError(new CloudVmException(CloudVmErrorKind.JobFailed, job.Error ?? $"{job.Operation} failed.") { Provider = job.Provider }, job);
                else
                    WriteCloudError(new CloudVmException(CloudVmErrorKind.Timeout,
                        $"{job.Operation} of {job.VmName ?? job.VmId ?? job.Id} did not finish within {timeoutSeconds} s; it goes on at {ProviderCatalog.DisplayName(job.Provider)}. Wait for it with Wait-CloudVmJob.") { Provider = job.Provider }, job);
            }
            return done;
        }

        /// <summary>Writes the jobs; with -Wait, waits and writes the refreshed VMs instead.</summary>
        protected void EmitJobs(IReadOnlyList<CloudVmJob> jobs, bool wait, int timeoutSeconds, string activity, bool refreshVm = true)
        {
            if (!wait)
            {
                foreach (var job in jobs) WriteObject(job);
                return;
            }
            var done = WaitForJobs(jobs, timeoutSeconds, activity);
            if (!refreshVm) return;
            foreach (var job in done.Where(j => j.VmId != null && j.Operation != "Delete"))
                Try(job, () => WriteObject(Run(ct => job.Session!.Api.GetVmAsync(job.VmId!, ct))));
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Jobs;

namespace CloudVm.PowerShell
{
    /// <summary>Base of every cmdlet: runs async work while replaying its verbose, debug, warning and progress
    /// messages on the pipeline thread (also for work that runs in the background across records, like bulk chunks
    /// in flight), stops at once on Ctrl+C, and turns failures into ErrorRecords with stable ids.</summary>
    public abstract class CloudVmCmdlet : PSCmdlet, IDisposable
    {
        readonly CancellationTokenSource stopping = new CancellationTokenSource();
        readonly BlockingCollection<Action> messages = new BlockingCollection<Action>();
        QueueLog? log;
        CloudVmContext? context;

        protected CancellationToken Token => stopping.Token;

        protected override void StopProcessing() => stopping.Cancel();

        public void Dispose()
        {
            stopping.Dispose();
            messages.Dispose();
            System.GC.SuppressFinalize(this);
        }

        internal CloudVmContext Context => context ??= CloudVmContext.For(Runspace.DefaultRunspace);
        internal CloudVmSessionStore Store => Context.Store;

        // ---- async work ----

        QueueLog Log => log ??= new QueueLog(messages, this, Enabled("VerbosePreference", "Verbose"), Enabled("DebugPreference", "Debug"));

        bool Enabled(string preference, string parameter)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var v) && v is SwitchParameter s) return s.IsPresent;
            var p = GetVariableValue(preference);
            return p is ActionPreference a ? a != ActionPreference.SilentlyContinue && a != ActionPreference.Ignore
                : p != null && LanguagePrimitives.TryConvertTo<ActionPreference>(p, out var ap) && ap != ActionPreference.SilentlyContinue && ap != ActionPreference.Ignore;
        }

        /// <summary>Starts work in the background with this cmdlet's log; its messages are written by <see cref="Pump"/>.</summary>
        protected Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
        {
            var previous = CloudVmLog.Current;
            CloudVmLog.Current = Log;
            try
            {
                var task = Task.Run(() => work(stopping.Token));
                task.ContinueWith(_ => Post(() => { }), TaskContinuationOptions.ExecuteSynchronously);
                return task;
            }
            finally
            {
                CloudVmLog.Current = previous;
            }
        }

        /// <summary>Runs the work; blocks this (pipeline) thread and writes its messages until it is done.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var task = Start(work);
            PumpUntil(task);
            return Result(task);
        }

        internal T RunPublic<T>(Func<CancellationToken, Task<T>> work) => Run(work);
        internal bool TryPublic(object? target, Action action) => Try(target, action);

        protected void Run(Func<CancellationToken, Task> work) => Run<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

        /// <summary>Writes queued messages (and runs queued writes) until the task is done.</summary>
        protected void PumpUntil(Task task)
        {
            while (!task.IsCompleted)
            {
                if (messages.TryTake(out var a, 100)) a();
            }
            Pump();
        }

        /// <summary>Writes what the background work has queued so far.</summary>
        protected void Pump()
        {
            while (messages.TryTake(out var a)) a();
        }

        /// <summary>Queues an action for the pipeline thread (writes from background work).</summary>
        internal void Post(Action a)
        {
            try { messages.Add(a); } catch (InvalidOperationException) { }
        }

        protected T Result<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A warning, also while Ctrl+C stops the pipeline (when PowerShell no longer takes Write* calls, the host
        /// still shows it: "it may have been done" must reach the user then most of all).</summary>
        internal void Warn(string message)
        {
            if (!stopping.IsCancellationRequested)
            {
                try { WriteWarning(message); return; }
                catch (PipelineStoppedException) { }
            }
            try { Host?.UI?.WriteWarningLine(message); }
            catch (Exception e) when (e is PipelineStoppedException || e is NotImplementedException || e is InvalidOperationException) { }
        }

        sealed class QueueLog : ICloudVmLog
        {
            readonly BlockingCollection<Action> queue;
            readonly CloudVmCmdlet cmdlet;

            public QueueLog(BlockingCollection<Action> queue, CloudVmCmdlet cmdlet, bool verbose, bool debug)
            {
                this.queue = queue;
                this.cmdlet = cmdlet;
                VerboseEnabled = verbose;
                DebugEnabled = debug;
            }

            public bool VerboseEnabled { get; }
            public bool DebugEnabled { get; }

            void Post(Action a)
            {
                try { queue.Add(a); } catch (InvalidOperationException) { }
            }

            public void Verbose(string message) { if (VerboseEnabled) Post(() => cmdlet.WriteVerbose(Input.Neutralize(message))); }
            public void Debug(string message) { if (DebugEnabled) Post(() => cmdlet.WriteDebug(Input.Neutralize(message))); }
            public void Warning(string message) => Post(() => cmdlet.Warn(Input.Neutralize(message)));

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
            if (given != null) return ConnectedOrStop(given);
            var s = Store.Default;
            if (s == null)
            {
                var others = Store.Sessions;
                var text = others.Count == 0 ? "There is no CloudVm session. Run Connect-CloudVm first, or pass -Session."
                    : $"There is no default CloudVm session (connected: {string.Join(", ", others.Select(o => o.Name))}). Pass -Session, or run Connect-CloudVm to make one the default.";
                ThrowTerminatingError(Record(new CloudVmException(CloudVmErrorKind.NoSession, text) { RecommendedAction = "Run Connect-CloudVm." }, null));
            }
            return s!;
        }

        /// <summary>The sessions -Session names, each connected (else the CloudVm.NoSession error that ends the command) and
        /// each once; without -Session, the default one. Every cmdlet that takes several sessions reads them this way.</summary>
        protected List<CloudVmSession> SessionsOrDefault(CloudVmSession[]? given) =>
            given?.Length > 0 ? given.Select(ConnectedOrStop).Distinct().ToList() : new List<CloudVmSession> { ResolveSession(null) };

        /// <summary>A session an object was read through: itself while connected, else the connected session to the same
        /// account (after a reconnect), else the NoSession error.</summary>
        protected CloudVmSession Connected(CloudVmSession session) => Store.Resolve(session) ?? throw session.Disconnected();

        /// <summary><see cref="Connected"/>, or the CloudVm.NoSession error that ends the command: the same id whether the
        /// session came with a piped object or as -Session.</summary>
        protected CloudVmSession ConnectedOrStop(CloudVmSession session)
        {
            try
            {
                return Connected(session);
            }
            catch (CloudVmException e)
            {
                ThrowCloudError(e, session.Name);
                throw;
            }
        }

        // ---- errors ----

        internal static ErrorRecord Record(Exception e, object? target)
        {
            if (e is CloudVmException c)
            {
                var record = new ErrorRecord(c, c.ErrorId, Category(c.Kind), Target(target ?? c.Target));
                // What PowerShell shows: control characters from a server's text (a VM name, a provider's message) as escapes.
                record.ErrorDetails = new ErrorDetails(Input.Neutralize(c.Message));
                var hint = c.RecommendedAction ?? Hint(c);
                if (hint != null) record.ErrorDetails.RecommendedAction = Input.Neutralize(hint);
                return record;
            }
            if (e is AggregateException a && a.InnerExceptions.Count == 1) return Record(a.InnerExceptions[0], target);
            return new ErrorRecord(e, "CloudVm.UnexpectedError", ErrorCategory.NotSpecified, Target(target));
        }

        /// <summary>Error targets are ids or the objects users gave, never an array's type name.</summary>
        /// <summary>Error targets are ids or the objects users gave, never an array's type name; text targets are shown in the
        /// error's category line, so they are redacted and neutralised like its message.</summary>
        static object? Target(object? t) => t switch
        {
            string s => Shown(s),
            string[] ids => Shown(string.Join(", ", ids)),
            IEnumerable<string> list => Shown(string.Join(", ", list)),
            _ => t,
        };

        static string Shown(string s) => Input.Neutralize(Redactor.Process.Redact(s));

        static string? Hint(CloudVmException c) => c.Kind switch
        {
            CloudVmErrorKind.Unauthorized => "Check the API key and run Connect-CloudVm again.",
            CloudVmErrorKind.RateLimited => "The provider limits requests per minute; wait a moment and try again.",
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
            CloudVmErrorKind.InvalidResponse => ErrorCategory.InvalidResult,
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

        // ---- confirmation ----

        bool yesToAll, noToAll;

        /// <summary>PowerShell's idiom for work that is hard to undo: ShouldProcess always (-WhatIf, -Confirm), then
        /// a ShouldContinue question unless <paramref name="skipQuestion"/> (-Force) or -Confirm was given either way
        /// (-Confirm:$false is the unattended way to say yes; -Confirm has already asked).</summary>
        protected bool Confirmed(string target, string action, string question, bool skipQuestion)
        {
            if (!ShouldProcess(target, action)) return false;
            if (skipQuestion || MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
            return ShouldContinue(question, $"{action}: {target}", ref yesToAll, ref noToAll);
        }

        // ---- output ----

        /// <summary>Writes an object; a VM whose provider names no location (VMgen) gets the table view without the
        /// Location column (type name CloudVm.VirtualMachine#NoLocation), so no column of its table is blank.</summary>
        protected new void WriteObject(object? o)
        {
            if (o is VirtualMachine vm && vm.Location == null && vm.LocationId == null)
            {
                var ps = PSObject.AsPSObject(vm);
                if (!ps.TypeNames.Contains(NoLocation)) ps.TypeNames.Insert(0, NoLocation);
                base.WriteObject(ps);
                return;
            }
            base.WriteObject(o);
        }

        internal const string NoLocation = "CloudVm.VirtualMachine#NoLocation";

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
                        $"{job.Operation} of {job.Subject} did not finish within {timeoutSeconds} s; it goes on at {ProviderNames.Display(job.Provider)}.")
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

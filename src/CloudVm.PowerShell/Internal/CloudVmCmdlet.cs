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
    public abstract partial class CloudVmCmdlet : PSCmdlet, IDisposable
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
    }
}

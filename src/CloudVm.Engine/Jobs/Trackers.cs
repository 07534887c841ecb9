using System;

namespace CloudVm.Jobs
{
    /// <summary>A job the provider tracks under its own id (GPCN's jobs endpoint, VMgen's per-VM jobs).</summary>
    internal sealed class ProviderJobTracker : JobTracker
    {
        public ProviderJobTracker(string jobId) => JobId = jobId;
        public string JobId { get; }
        /// <summary>Polls that did not find the job: a job the provider forgot fails after a few.</summary>
        public int Misses { get; set; }
    }

    /// <summary>A job with no provider id: done when the VM reaches <see cref="Target"/> (Deleted: when it is gone),
    /// or when <see cref="Until"/> holds; failed when the VM lands in Error.</summary>
    internal sealed class VmStateTracker : JobTracker
    {
        public VmStateTracker(CloudVmStatus? target, Func<VirtualMachine, bool>? until = null, bool mustLeaveTarget = false)
        {
            Target = target;
            Until = until;
            MustLeaveTarget = mustLeaveTarget;
        }

        public CloudVmStatus? Target { get; }
        public Func<VirtualMachine, bool>? Until { get; }
        /// <summary>A restart: the VM must be seen leaving the target state first (or stay in it for a few polls).</summary>
        public bool MustLeaveTarget { get; }
        public bool SawLeave { get; set; }
        public int Polls { get; set; }
    }

    /// <summary>A VPS247 task on the VM (its last_task): done when the task completes and the VM is in the target
    /// state. When a newer task replaces it, the VM's state decides.</summary>
    internal sealed class TaskTracker : JobTracker
    {
        public TaskTracker(string taskId, CloudVmStatus target)
        {
            TaskId = taskId;
            Target = target;
        }

        public string TaskId { get; }
        public CloudVmStatus Target { get; }
        public bool Superseded { get; set; }
    }

    /// <summary>A snapshot or backup being made (ready when the copy is), or deleted (done when it is gone).</summary>
    internal sealed class CopyTracker : JobTracker
    {
        public CopyTracker(CloudVmCopyKind kind, string copyId, bool deleting)
        {
            Kind = kind;
            CopyId = copyId;
            Deleting = deleting;
        }

        public CloudVmCopyKind Kind { get; }
        public string CopyId { get; }
        public bool Deleting { get; }
    }

    /// <summary>The work was done when the call returned.</summary>
    internal sealed class DoneTracker : JobTracker
    {
        public static readonly DoneTracker Instance = new DoneTracker();
        internal override bool NeedsPolling => false;
    }
}

using System;

namespace CloudVm
{
    /// <summary>How a job learns that its work is done.</summary>
    public enum JobTracking
    {
        /// <summary>The provider gave a job id that is polled at its job endpoint.</summary>
        ProviderJob,
        /// <summary>The provider gave no job: the VM is polled until it reaches <see cref="CloudVmJob.TargetStatus"/>.</summary>
        VmState,
        /// <summary>The work was finished when the call returned.</summary>
        Immediate,
    }

    /// <summary>Any long-running operation on any provider. Mutating cmdlets return these;
    /// Wait-CloudVmJob waits on them whatever the provider does underneath.</summary>
    public sealed class CloudVmJob
    {
        public string Id { get; set; } = "";
        public CloudProvider Provider { get; set; }
        /// <summary>What was asked: Create, Start, Stop, Reset, Resize, Delete, …</summary>
        public string Operation { get; set; } = "";
        public string? VmId { get; set; }
        public string? VmName { get; set; }
        public CloudVmJobState State { get; set; }
        public int? PercentComplete { get; set; }
        /// <summary>The provider's own state word (pending, in_progress, stage name, …).</summary>
        public string? ProviderState { get; set; }
        public string? Error { get; set; }
        public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.UtcNow;
        public DateTimeOffset? CompletedAt { get; set; }
        public JobTracking Tracking { get; set; }
        /// <summary>For <see cref="JobTracking.VmState"/>: the status that means done.</summary>
        public CloudVmStatus? TargetStatus { get; set; }
        /// <summary>The kind of <see cref="ResourceId"/> when it is not a VM ("snapshot", "backup", "network-interface", …).</summary>
        public string? ResourceType { get; set; }
        /// <summary>What the job is about, when not a VM (a NIC id, a snapshot id, …).</summary>
        public string? ResourceId { get; set; }
        public CloudVmSession? Session { get; set; }

        public bool IsFinished => State == CloudVmJobState.Completed || State == CloudVmJobState.Failed;

        /// <summary>For <see cref="JobTracking.VmState"/> without a target status: done when this holds (e24cloud resize).</summary>
        internal Func<VirtualMachine, bool>? Until { get; set; }

        // Used by state polling for restarts: the VM must be seen leaving the target state first.
        internal bool SawTransition { get; set; }
        internal int Polls { get; set; }

        internal void Complete()
        {
            State = CloudVmJobState.Completed;
            PercentComplete = 100;
            CompletedAt ??= DateTimeOffset.UtcNow;
        }

        internal void Fail(string error)
        {
            State = CloudVmJobState.Failed;
            Error = error;
            CompletedAt ??= DateTimeOffset.UtcNow;
        }

        public override string ToString() => $"{Operation} {VmName ?? VmId} ({State})";
    }
}

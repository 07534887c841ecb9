using System;

namespace CloudVm
{
    /// <summary>How a job learns that its work is done. Trackers are made by the provider clients and are
    /// not visible to users; the job itself is read-only.</summary>
    internal abstract class JobTracker
    {
        /// <summary>Finished when the call returned: nothing to poll.</summary>
        internal virtual bool NeedsPolling => true;
    }

    /// <summary>Any long-running operation on any provider. Mutating cmdlets return these;
    /// Wait-CloudVmJob waits on them whatever the provider does underneath: a provider job id, the VM's
    /// state, a task on the VM, or a copy's state.</summary>
    public sealed class CloudVmJob
    {
        readonly object gate = new object();

        internal CloudVmJob(string id, CloudVmJobOperation operation, CloudVmSession? session, CloudProvider provider, JobTracker tracker, DateTimeOffset startedAt)
        {
            Id = id;
            Operation = operation;
            Owner = session;
            Provider = provider;
            Tracker = tracker;
            StartedAt = startedAt;
        }

        /// <summary>The id to give back to Get-CloudVmJob or Wait-CloudVmJob in the same session.</summary>
        public string Id { get; }
        public CloudProvider Provider { get; }
        public CloudVmJobOperation Operation { get; }
        /// <summary>The provider's own word for the operation (VMgen's event, GPCN's job type), where it has one.</summary>
        public string? ProviderOperation { get; internal set; }
        public string? VmId { get; internal set; }
        public string? VmName { get; internal set; }
        public CloudVmJobState State { get; private set; }
        public int? PercentComplete { get; private set; }
        /// <summary>The provider's own state word (pending, in_progress, a task status, …).</summary>
        public string? ProviderState { get; private set; }
        public string? Error { get; private set; }
        public DateTimeOffset StartedAt { get; internal set; }
        public DateTimeOffset? CompletedAt { get; private set; }
        /// <summary>What the job is about when it is not a VM: a snapshot, a backup, a network interface, a provider task.</summary>
        public CloudVmResourceKind? ResourceKind { get; private set; }
        /// <summary>The word for <see cref="ResourceKind"/> ("snapshot", "backup", "network-interface", "task"), or the
        /// provider's own word for a resource CloudVm has no kind for.</summary>
        public string? ResourceType => ResourceKind == CloudVmResourceKind.Other ? otherWord : ResourceKind?.Word();
        string? otherWord;

        /// <summary>Says what the job is about, once (a later answer does not change it).</summary>
        internal void About(CloudVmResourceKind kind, string? id, string? providerWord = null)
        {
            if (ResourceKind != null) return;
            ResourceKind = kind;
            otherWord = kind == CloudVmResourceKind.Other ? providerWord : null;
            ResourceId ??= id;
        }

        /// <summary><see cref="About(CloudVmResourceKind, string?, string?)"/> from a provider's word for the resource.</summary>
        internal void About(string providerWord, string? id) => About(CloudVmKinds.Parse(providerWord), id, providerWord);
        /// <summary>The id of that resource (the snapshot, the NIC, the VPS247 task).</summary>
        public string? ResourceId { get; internal set; }
        internal CloudVmSession? Owner { get; }
        /// <summary>The name of the session the job runs in (data: ConvertTo-Json writes a name).</summary>
        public string? Session => Owner?.Name;

        public bool IsFinished => State == CloudVmJobState.Completed || State == CloudVmJobState.Failed;

        internal JobTracker Tracker { get; }

        /// <summary>A later state from a poll. Finished jobs do not change again.</summary>
        internal void Report(CloudVmJobState state, string? providerState = null, int? percent = null)
        {
            lock (gate)
            {
                if (IsFinished) return;
                if (providerState != null) ProviderState = providerState;
                if (percent != null) PercentComplete = Math.Max(0, Math.Min(100, percent.Value));
                if (state == CloudVmJobState.Completed || state == CloudVmJobState.Failed) return; // use Complete/Fail
                if (state > State) State = state;
            }
        }

        internal void Complete(DateTimeOffset at, string? providerState = null)
        {
            lock (gate)
            {
                if (IsFinished) return;
                if (providerState != null) ProviderState = providerState;
                State = CloudVmJobState.Completed;
                PercentComplete = 100;
                CompletedAt = at;
            }
        }

        internal void Fail(string error, DateTimeOffset at, string? providerState = null)
        {
            lock (gate)
            {
                if (IsFinished) return;
                if (providerState != null) ProviderState = providerState;
                State = CloudVmJobState.Failed;
                Error = error;
                CompletedAt = at;
            }
        }

        /// <summary>What the job is about, for messages: the VM's name, else its id, else the resource.</summary>
        public string Subject => VmName ?? VmId ?? (ResourceType == null ? ResourceId : $"{ResourceType} {ResourceId}") ?? Id;

        public override string ToString() => $"{Operation} {Subject} ({State})";
    }
}

namespace CloudVm
{
    /// <summary>The clouds the module speaks to, each with the name it goes by (<see cref="ProviderNames.Display"/>).</summary>
    public enum CloudProvider
    {
        [System.ComponentModel.Description("GPCN")] Gpcn,
        [System.ComponentModel.Description("e24cloud")] E24Cloud,
        [System.ComponentModel.Description("VPS247")] Vps247,
        [System.ComponentModel.Description("VMgen")] VmGen,
        [System.ComponentModel.Description("Magalu Cloud")] Magalu,
    }

    /// <summary>A VM's state, the same words for every provider. The provider's own word is kept in
    /// <see cref="VirtualMachine.ProviderStatus"/>; each provider maps its words in its feature descriptor.</summary>
    public enum CloudVmStatus
    {
        Unknown,
        Creating,
        Starting,
        Running,
        Stopping,
        Stopped,
        Suspended,
        Rebooting,
        Resizing,
        Deleting,
        Deleted,
        Error,
    }

    /// <summary>What a <see cref="CloudVmJob"/> is doing.</summary>
    public enum CloudVmJobState
    {
        Pending,
        Running,
        Completed,
        Failed,
    }

    /// <summary>Power operations. Not every provider has every one (see Get-CloudVmProvider).</summary>
    public enum PowerAction
    {
        Start,
        Stop,
        /// <summary>Power off without a graceful shutdown.</summary>
        ForceStop,
        /// <summary>Graceful reboot through the guest OS.</summary>
        Restart,
        /// <summary>Hard reset: power-cycle without a graceful shutdown.</summary>
        Reset,
        Suspend,
    }

    /// <summary>What a job does. The provider's own word, where it has one, is in <see cref="CloudVmJob.ProviderOperation"/>.</summary>
    public enum CloudVmJobOperation
    {
        Other,
        Create,
        Start,
        Stop,
        ForceStop,
        Restart,
        Reset,
        Suspend,
        Resize,
        Rename,
        SetResourceGroup,
        Delete,
        AddNetworkInterface,
        RemoveNetworkInterface,
        SetPrimaryNetworkInterface,
        AddPublicIp,
        RemovePublicIp,
        NewSnapshot,
        RemoveSnapshot,
        RenameSnapshot,
        RestoreSnapshot,
        CopySnapshot,
        NewBackup,
        RemoveBackup,
        RenameBackup,
        RestoreBackup,
        CopyBackup,
    }

    /// <summary>Which login secret of a VM.</summary>
    public enum CloudVmSecretType
    {
        Password,
        SshPrivateKey,
    }

    /// <summary>Snapshots and backups: the two kinds of copy of a VM (Magalu Cloud).</summary>
    public enum CloudVmCopyKind
    {
        Snapshot,
        Backup,
    }

    /// <summary>What a job is about when it is not a VM itself (<see cref="CloudVmJob.ResourceKind"/>).</summary>
    public enum CloudVmResourceKind
    {
        Snapshot,
        Backup,
        NetworkInterface,
        /// <summary>A provider task that carries the work (VPS247).</summary>
        Task,
        /// <summary>A resource CloudVm has no kind for; <see cref="CloudVmJob.ResourceType"/> keeps the provider's word.</summary>
        Other,
    }

    /// <summary>The words for the kinds, said once: what users read (jobs' ResourceType, prompts, progress).</summary>
    public static class CloudVmKinds
    {
        public static string Word(this CloudVmCopyKind kind) => kind == CloudVmCopyKind.Snapshot ? "snapshot" : "backup";

        public static CloudVmResourceKind Resource(this CloudVmCopyKind kind) => kind == CloudVmCopyKind.Snapshot ? CloudVmResourceKind.Snapshot : CloudVmResourceKind.Backup;

        public static string? Word(this CloudVmResourceKind kind) => kind switch
        {
            CloudVmResourceKind.Snapshot => "snapshot",
            CloudVmResourceKind.Backup => "backup",
            CloudVmResourceKind.NetworkInterface => "network-interface",
            CloudVmResourceKind.Task => "task",
            _ => null,
        };

        /// <summary>A provider's word for a resource, as a kind (Other for a word CloudVm does not know).</summary>
        public static CloudVmResourceKind Parse(string word) => word.Replace("-", "").Replace("_", "").ToLowerInvariant() switch
        {
            "snapshot" => CloudVmResourceKind.Snapshot,
            "backup" => CloudVmResourceKind.Backup,
            "networkinterface" or "nic" => CloudVmResourceKind.NetworkInterface,
            "task" => CloudVmResourceKind.Task,
            _ => CloudVmResourceKind.Other,
        };
    }

    /// <summary>How a provider's VM list is paged.</summary>
    public enum PagingStyle
    {
        /// <summary>The whole list in one answer.</summary>
        None,
        /// <summary>page and limit (GPCN), with a total.</summary>
        PageNumber,
        /// <summary>_offset and _limit (Magalu), without a total.</summary>
        Offset,
    }
}

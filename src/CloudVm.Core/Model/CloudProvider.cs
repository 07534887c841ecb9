namespace CloudVm
{
    /// <summary>The clouds the module speaks to.</summary>
    public enum CloudProvider
    {
        Gpcn,
        E24Cloud,
        Vps247,
        VmGen,
        Magalu,
    }

    /// <summary>A VM's state, the same words for every provider. The provider's own word is kept in
    /// <see cref="VirtualMachine.ProviderStatus"/>.</summary>
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

    /// <summary>Power operations. Not every provider has every one.</summary>
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
}

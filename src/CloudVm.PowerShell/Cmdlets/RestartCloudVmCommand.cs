using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Restarts VMs: a graceful reboot, or with -Force a hard reset (which asks first, unless -Confirm:$false).</summary>
    [Cmdlet(VerbsLifecycle.Restart, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RestartCloudVmCommand : PowerCmdlet
    {
        /// <summary>Hard reset without a graceful shutdown.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override PowerAction Power => Force ? PowerAction.Reset : PowerAction.Restart;
        protected override bool Hard => Force;
        protected override string Action => Force ? "Reset (hard)" : "Restart";
    }
}

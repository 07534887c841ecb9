using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Stops VMs gracefully, or powers them off with -Force (which asks first, unless -Confirm:$false).
    /// A VM that is already stopped is a success.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class StopCloudVmCommand : PowerCmdlet
    {
        /// <summary>Power off without a graceful shutdown.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Minutes to wait for a graceful shutdown before the provider forces one (e24cloud).</summary>
        [Parameter]
        [ValidateRange(0, 1440)]
        public int? ShutdownTimeoutMinutes { get; set; }

        protected override PowerAction Power => Force ? PowerAction.ForceStop : PowerAction.Stop;
        protected override bool Hard => Force;
        protected override PowerOptions Options => new PowerOptions { ShutdownTimeoutMinutes = ShutdownTimeoutMinutes };
        protected override string Action => Force ? "Power off (forced)" : "Stop";
    }
}

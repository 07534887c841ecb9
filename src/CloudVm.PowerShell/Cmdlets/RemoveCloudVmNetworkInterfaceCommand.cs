using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Detaches a network interface (not the primary one). On GPCN the VM must be stopped when its data center has no network hotplug.</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmNetworkInterface", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class RemoveCloudVmNetworkInterfaceCommand : NicCmdlet
    {
        protected override void ProcessRecord() => Change("Detach", (c, vm, nic, ct) => c.RemoveNetworkInterfaceAsync(vm, nic, ct));
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Releases a network interface's public IP back to the pool.</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmPublicIp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class RemoveCloudVmPublicIpCommand : NicCmdlet
    {
        protected override void ProcessRecord() => Change("Release public IP", (c, vm, nic, ct) => c.RemovePublicIpAsync(vm, nic, ct));
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Allocates a public IP on a network interface (GPCN: standard L3 networks only).</summary>
    [Cmdlet(VerbsCommon.Add, "CloudVmPublicIp", SupportsShouldProcess = true, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class AddCloudVmPublicIpCommand : NicCmdlet
    {
        protected override void ProcessRecord() => Change("Allocate public IP", (c, vm, nic, ct) => c.AddPublicIpAsync(vm, nic, ct));
    }
}

using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Releases a network interface's public IP back to the pool (GPCN).</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmPublicIp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class RemoveCloudVmPublicIpCommand : NicCmdlet
    {
        protected override bool VmMeansPrimary => true;
        protected override CloudVmOperation Operation => CloudVmOperation.RemovePublicIp;
        protected override string Action => "Release the public IP";
        protected override Task<CloudVmJob> ChangeAsync(ICloudProvider api, VmRef vm, string nicId, CancellationToken ct) => api.RemovePublicIpAsync(vm, nicId, ct);
    }
}

using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Allocates a public IP on a network interface of a standard (L3) network (GPCN).</summary>
    [Cmdlet(VerbsCommon.Add, "CloudVmPublicIp", SupportsShouldProcess = true, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class AddCloudVmPublicIpCommand : NicCmdlet
    {
        protected override bool VmMeansPrimary => true;
        protected override CloudVmOperation Operation => CloudVmOperation.AddPublicIp;
        protected override string Action => "Allocate a public IP";
        protected override Task<CloudVmJob> ChangeAsync(ICloudProvider api, VmRef vm, string nicId, CancellationToken ct) => api.AddPublicIpAsync(vm, nicId, ct);
    }
}

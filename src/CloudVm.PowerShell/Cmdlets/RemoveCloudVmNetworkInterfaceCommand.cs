using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Detaches a (non-primary) network interface from its VM.</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmNetworkInterface", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class RemoveCloudVmNetworkInterfaceCommand : NicCmdlet
    {
        protected override CloudVmOperation Operation => CloudVmOperation.RemoveNetworkInterface;
        protected override string Action => "Detach";
        protected override Task<CloudVmJob> ChangeAsync(ICloudProvider api, VmRef vm, string nicId, CancellationToken ct) => api.RemoveNetworkInterfaceAsync(vm, nicId, ct);
    }
}

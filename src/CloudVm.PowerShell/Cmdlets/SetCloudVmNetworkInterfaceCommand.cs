using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a network interface its VM's primary one (GPCN).</summary>
    [Cmdlet(VerbsCommon.Set, "CloudVmNetworkInterface", SupportsShouldProcess = true, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class SetCloudVmNetworkInterfaceCommand : NicCmdlet
    {
        [Parameter(Mandatory = true)]
        public SwitchParameter Primary { get; set; }

        protected override CloudVmOperation Operation => CloudVmOperation.SetPrimaryNetworkInterface;
        protected override string Action => "Make primary";
        protected override Task<CloudVmJob> ChangeAsync(ICloudProvider api, VmRef vm, string nicId, CancellationToken ct) => api.SetPrimaryNetworkInterfaceAsync(vm, nicId, ct);
    }
}

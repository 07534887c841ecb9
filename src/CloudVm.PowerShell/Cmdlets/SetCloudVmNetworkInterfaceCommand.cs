using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a network interface the VM's primary one.</summary>
    [Cmdlet(VerbsCommon.Set, "CloudVmNetworkInterface", SupportsShouldProcess = true, DefaultParameterSetName = "ByNic")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class SetCloudVmNetworkInterfaceCommand : NicCmdlet
    {
        /// <summary>Makes this interface the primary one.</summary>
        [Parameter(Mandatory = true)]
        public SwitchParameter Primary { get; set; }

        protected override void BeginProcessing()
        {
            if (!Primary) ThrowCloudError(CloudVmException.Invalid("The only change a network interface takes is -Primary (make it the primary interface)."), null);
        }

        protected override void ProcessRecord() => Change("Make primary", (c, vm, nic, ct) => c.SetPrimaryNetworkInterfaceAsync(vm, nic, ct));
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists a VM's network interfaces (GPCN, Magalu) or its addresses (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmNetworkInterface", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmNetworkInterface))]
    public sealed class GetCloudVmNetworkInterfaceCommand : VmCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperation.ListNetworkInterfaces);
                    foreach (var nic in Run(ct => t.Session.Api.ListNetworkInterfacesAsync(t.Vm, ct))) WriteObject(nic);
                });
        }
    }
}

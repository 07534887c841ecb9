using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the networks a VM can be attached to (GPCN: networks in its data center not yet attached).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmNetwork", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmNetwork))]
    public sealed class GetCloudVmNetworkCommand : VmTargetCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    foreach (var n in Run(ct => t.Session.Require<IVmNetworkInterfaceChanges>("listing available networks").ListAvailableNetworksAsync(t.Vm, ct)))
                        WriteObject(n);
                });
        }
    }
}

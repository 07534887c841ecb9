using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the networks a VM can join (GPCN).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmNetwork", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmNetwork))]
    public sealed class GetCloudVmNetworkCommand : VmCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperation.ListAvailableNetworks);
                    foreach (var n in Run(ct => t.Session.Api.ListAvailableNetworksAsync(t.Vm, ct))) WriteObject(n);
                });
        }
    }
}

using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Gets a VM's bandwidth use per day for the current month (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmUsage", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmUsage))]
    public sealed class GetCloudVmUsageCommand : VmTargetCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    foreach (var u in Run(ct => t.Session.Require<IVmUsage>("bandwidth usage").ListUsageAsync(t.Vm, ct))) WriteObject(u);
                });
        }
    }
}

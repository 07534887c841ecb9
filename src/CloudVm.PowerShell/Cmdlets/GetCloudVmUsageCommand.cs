using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>A VM's bandwidth use per day this month (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmUsage", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmUsage))]
    public sealed class GetCloudVmUsageCommand : VmCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperation.ListUsage);
                    foreach (var u in Run(ct => t.Session.Api.ListUsageAsync(t.Vm, ct))) WriteObject(u);
                });
        }
    }
}

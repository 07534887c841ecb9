using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Gets a VM's console: a temporary URL (GPCN noVNC) or host, port and password.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmConsole", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmConsole))]
    public sealed class GetCloudVmConsoleCommand : VmTargetCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () => WriteObject(Run(ct => t.Session.Require<IVmConsole>("consoles").GetConsoleAsync(t.Vm, ct))));
        }
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Starts VMs (GPCN: many in one bulk request). A VM that is already running is a success.</summary>
    [Cmdlet(VerbsLifecycle.Start, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class StartCloudVmCommand : PowerCmdlet
    {
        protected override PowerAction Power => PowerAction.Start;
        protected override string Action => "Start";
    }
}

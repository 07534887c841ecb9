using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Suspends VMs (Magalu Cloud); Start-CloudVm resumes them. A VM that is already suspended is a success.</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class SuspendCloudVmCommand : PowerCmdlet
    {
        protected override PowerAction Power => PowerAction.Suspend;
        protected override string Action => "Suspend";
    }
}

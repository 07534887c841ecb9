using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Suspends running VMs (Magalu Cloud); Start-CloudVm resumes them.</summary>
    [Cmdlet(VerbsLifecycle.Suspend, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class SuspendCloudVmCommand : BulkVmCmdlet
    {
        protected override string Action => "Suspend";

        protected override void Check(CloudVmSession session) => PowerCheck.Require(session, PowerAction.Suspend, "suspending a VM");

        protected override Task<CloudVmJob> OneAsync(VmTarget t, CancellationToken ct) => t.Session.Api.PowerAsync(t.Vm, PowerAction.Suspend, null, ct);

        protected override bool HasBulk(IBulkVmOperations bulk) => bulk.BulkPowerActions.Contains(PowerAction.Suspend);

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(IBulkVmOperations bulk, IReadOnlyList<VmRef> vms, CancellationToken ct) => bulk.BulkPowerAsync(vms, PowerAction.Suspend, ct);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Starts VMs. Many piped VMs on GPCN go through its bulk endpoint, 50 per request.</summary>
    [Cmdlet(VerbsLifecycle.Start, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class StartCloudVmCommand : BulkVmCmdlet
    {
        protected override string Action => "Start";

        protected override void Check(CloudVmSession session) => PowerCheck.Require(session, PowerAction.Start, "starting a VM");

        protected override Task<CloudVmJob> OneAsync(VmTarget t, CancellationToken ct) => t.Session.Api.PowerAsync(t.Vm, PowerAction.Start, null, ct);

        protected override bool HasBulk(IBulkVmOperations bulk) => bulk.BulkPowerActions.Contains(PowerAction.Start);

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(IBulkVmOperations bulk, IReadOnlyList<VmRef> vms, CancellationToken ct) => bulk.BulkPowerAsync(vms, PowerAction.Start, ct);
    }
}

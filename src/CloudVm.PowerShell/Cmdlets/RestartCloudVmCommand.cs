using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Restarts VMs: a graceful reboot, or with -Force a hard reset (power-cycle).</summary>
    [Cmdlet(VerbsLifecycle.Restart, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RestartCloudVmCommand : BulkVmCmdlet
    {
        /// <summary>Hard reset without a graceful shutdown.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        PowerAction Power => Force ? PowerAction.Reset : PowerAction.Restart;

        protected override string Action => Force ? "Reset (hard)" : "Restart";

        protected override void Check(CloudVmSession session)
        {
            if (Force) PowerCheck.Require(session, PowerAction.Reset, "a hard reset", "Use Restart-CloudVm without -Force for a graceful reboot.");
            else PowerCheck.Require(session, PowerAction.Restart, "a graceful restart", "Use Restart-CloudVm -Force for a hard reset, or Stop-CloudVm -Wait then Start-CloudVm.");
        }

        protected override Task<CloudVmJob> OneAsync(VmTarget t, CancellationToken ct) => t.Session.Api.PowerAsync(t.Vm, Power, null, ct);

        protected override bool HasBulk(IBulkVmOperations bulk) => bulk.BulkPowerActions.Contains(Power);

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(IBulkVmOperations bulk, IReadOnlyList<VmRef> vms, CancellationToken ct) => bulk.BulkPowerAsync(vms, Power, ct);
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Stops VMs gracefully, or powers them off with -Force where the provider can.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class StopCloudVmCommand : BulkVmCmdlet
    {
        /// <summary>Power off without a graceful shutdown.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Minutes to wait for a graceful shutdown before the provider forces one (e24cloud).</summary>
        [Parameter]
        [ValidateRange(0, 1440)]
        public int? ShutdownTimeoutMinutes { get; set; }

        PowerAction Power => Force ? PowerAction.ForceStop : PowerAction.Stop;

        protected override string Action => Force ? "Power off (forced)" : "Stop";

        protected override void Check(CloudVmSession session)
        {
            if (Force && !session.Api.PowerActions.Contains(PowerAction.ForceStop))
                throw CloudVmException.NotSupported(session.Provider, "a forced power-off", "Use Stop-CloudVm without -Force for a graceful shutdown.");
            PowerCheck.Require(session, Power, "stopping a VM");
        }

        protected override Task<CloudVmJob> OneAsync(VmTarget t, CancellationToken ct) => t.Session.Api.PowerAsync(t.Vm, Power, ShutdownTimeoutMinutes == null ? null : new PowerOptions { ShutdownTimeoutMinutes = ShutdownTimeoutMinutes }, ct);

        protected override bool HasBulk(IBulkVmOperations bulk) => ShutdownTimeoutMinutes == null && bulk.BulkPowerActions.Contains(Power);

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(IBulkVmOperations bulk, IReadOnlyList<VmRef> vms, CancellationToken ct) => bulk.BulkPowerAsync(vms, Power, ct);
    }
}

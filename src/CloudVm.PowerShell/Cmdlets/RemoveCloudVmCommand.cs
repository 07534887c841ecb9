using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Deletes VMs for good. Asks for confirmation unless -Force or -Confirm:$false; many piped VMs
    /// on GPCN go through its bulk delete, 50 per request.</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob))]
    public sealed class RemoveCloudVmCommand : BulkVmCmdlet
    {
        /// <summary>Does not ask for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Action => "Delete permanently";

        protected override void Check(CloudVmSession session) { }

        protected override bool Confirm(VmTarget target)
        {
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
                : GetVariableValue("WhatIfPreference") is object p && LanguagePrimitives.IsTrue(p);
            if (Force && !whatIf) return true;
            return base.Confirm(target);
        }

        protected override Task<CloudVmJob> OneAsync(VmTarget t, CancellationToken ct) => t.Session.Api.DeleteVmAsync(t.Vm, new VmDeleteOptions(), ct);

        protected override bool HasBulk(IBulkVmOperations bulk) => true;

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(IBulkVmOperations bulk, IReadOnlyList<VmRef> vms, CancellationToken ct) => bulk.BulkDeleteAsync(vms, ct);
    }
}

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
        /// <summary>Does not ask for confirmation; where the provider deletes only stopped VMs (VPS247), stops them first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Deletes the VM's attached resources (disks, IPs) instead of detaching them (e24cloud).</summary>
        [Parameter]
        public SwitchParameter DeleteResources { get; set; }

        /// <summary>Also releases the VM's public IP (Magalu Cloud).</summary>
        [Parameter]
        public SwitchParameter DeletePublicIp { get; set; }

        VmDeleteOptions Options => new VmDeleteOptions { DeleteResources = DeleteResources, DeletePublicIp = DeletePublicIp };

        protected override string Action => "Delete permanently";

        protected override void Check(CloudVmSession session) { }

        protected override bool Confirm(VmTarget target)
        {
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
                : GetVariableValue("WhatIfPreference") is object p && LanguagePrimitives.IsTrue(p);
            if (Force && !whatIf) return true;
            return base.Confirm(target);
        }

        protected override async Task<CloudVmJob> OneAsync(VmTarget t, CancellationToken ct)
        {
            if (Force && t.Session.Api.DeleteRequiresStop)
                await VmOperations.EnsureStoppedAsync(t.Session.Api, t.Vm, System.TimeSpan.FromSeconds(Timeout), ct).ConfigureAwait(false);
            return await t.Session.Api.DeleteVmAsync(t.Vm, Options, ct).ConfigureAwait(false);
        }

        protected override bool HasBulk(IBulkVmOperations bulk) => !DeleteResources && !DeletePublicIp;

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(IBulkVmOperations bulk, IReadOnlyList<VmRef> vms, CancellationToken ct) => bulk.BulkDeleteAsync(vms, ct);
    }
}

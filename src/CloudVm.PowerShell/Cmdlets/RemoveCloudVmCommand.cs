using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Jobs;

namespace CloudVm.PowerShell
{
    /// <summary>Deletes VMs permanently. Asks first (ShouldProcess, then a question) unless -Force or -Confirm:$false;
    /// -Force also stops VMs first where the provider deletes only stopped ones (VPS247).</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob))]
    public sealed class RemoveCloudVmCommand : BulkVmCmdlet
    {
        /// <summary>Does not ask; stops VMs first where the provider requires it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Deletes (rather than detaches) the VM's attached resources (e24cloud).</summary>
        [Parameter]
        public SwitchParameter DeleteResources { get; set; }

        /// <summary>Also releases the VM's public IP (Magalu Cloud).</summary>
        [Parameter]
        public SwitchParameter DeletePublicIp { get; set; }

        VmDeleteOptions Options => new VmDeleteOptions { DeleteResources = DeleteResources, DeletePublicIp = DeletePublicIp };

        protected override string Action => "Delete permanently";

        protected override void Check(CloudVmSession session) => session.Features.CheckDelete(Options);

        protected override bool Confirm(VmTarget target) =>
            Confirmed(target.ToString(), Action, $"Delete {target} and its disks? This cannot be undone.", skipQuestion: Force);

        protected override async Task<CloudVmJob> OneAsync(VmTarget target, CancellationToken ct)
        {
            if (Force && target.Session.Features.DeleteRequiresStop)
                await Waiting.EnsureStoppedAsync(target.Session, target.Vm, System.TimeSpan.FromSeconds(Timeout), ct).ConfigureAwait(false);
            return await target.Session.Api.DeleteVmAsync(target.Vm, Options, ct).ConfigureAwait(false);
        }

        protected override bool UsesBulk(ProviderFeatures features) => features.BulkDelete && !DeleteResources && !DeletePublicIp && !(Force && features.DeleteRequiresStop);

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(ICloudProvider api, IReadOnlyList<VmRef> vms, CancellationToken ct) => api.BulkDeleteAsync(vms, ct);
    }
}

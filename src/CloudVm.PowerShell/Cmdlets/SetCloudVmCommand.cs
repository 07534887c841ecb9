using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Changes a VM's settings: its resource group (GPCN).</summary>
    [Cmdlet(VerbsCommon.Set, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class SetCloudVmCommand : VmJobCmdlet
    {
        /// <summary>The resource group (GPCN team) id to put the VM in.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroup { get; set; }

        /// <summary>Takes the VM out of its resource group.</summary>
        [Parameter]
        public SwitchParameter NoResourceGroup { get; set; }

        protected override void BeginProcessing()
        {
            if (ResourceGroup == null && !NoResourceGroup) ThrowCloudError(CloudVmException.Invalid("Give -ResourceGroup or -NoResourceGroup."), null);
            if (ResourceGroup != null && NoResourceGroup) ThrowCloudError(CloudVmException.Invalid("-ResourceGroup and -NoResourceGroup cannot be used together."), null);
        }

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperation.SetResourceGroup);
                    var what = NoResourceGroup ? "Remove from its resource group" : $"Move to resource group {ResourceGroup}";
                    if (!ShouldProcess(t.ToString(), what)) return;
                    var job = Run(ct => t.Session.Api.UpdateAsync(t.Vm, new VmUpdateRequest { ResourceGroup = ResourceGroup, ClearResourceGroup = NoResourceGroup }, ct));
                    if (t.Input is VirtualMachine vm && !vm.IsReference) vm.ResourceGroup = NoResourceGroup ? null : ResourceGroup;
                    Emit(new[] { job }, what);
                });
        }
    }
}

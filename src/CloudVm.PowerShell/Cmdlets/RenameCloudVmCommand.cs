using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Renames a VM. The piped object takes the new name too, so later prompts name the right VM.</summary>
    [Cmdlet(VerbsCommon.Rename, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RenameCloudVmCommand : VmJobCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string NewName { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperation.Rename);
                    if (!ShouldProcess(t.ToString(), $"Rename to '{NewName}'")) return;
                    var job = Run(ct => t.Session.Api.UpdateAsync(t.Vm, new VmUpdateRequest { NewName = NewName }, ct));
                    if (t.Input is VirtualMachine vm) vm.Name = NewName;
                    Emit(new[] { job }, $"Renaming {t}");
                });
        }
    }
}

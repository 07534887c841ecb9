using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Renames a VM.</summary>
    [Cmdlet(VerbsCommon.Rename, "CloudVm", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RenameCloudVmCommand : VmJobCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string NewName { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
            {
                Try(t.Input, () =>
                {
                    var update = t.Session.Require<IVmUpdate>("renaming a VM");
                    if (!ShouldProcess(t.ToString(), $"Rename to '{NewName}'")) return;
                    var job = Run(ct => update.UpdateAsync(t.Vm, new VmUpdateRequest { NewName = NewName }, ct));
                    Emit(new[] { job }, "Renaming");
                });
            }
        }
    }
}

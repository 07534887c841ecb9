using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a new VM from a backup (Magalu Cloud); with -Wait, writes the new VM once it runs.</summary>
    [Cmdlet(VerbsData.Restore, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RestoreCloudVmBackupCommand : RestoreCopyCmdlet<CloudVmBackup>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Backup;
    }
}

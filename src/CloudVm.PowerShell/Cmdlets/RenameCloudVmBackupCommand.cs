using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Renames a backup (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Rename, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmBackup))]
    public sealed class RenameCloudVmBackupCommand : RenameCopyCmdlet<CloudVmBackup>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Backup;
    }
}

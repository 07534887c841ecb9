using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Copies a backup to another region (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Copy, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class CopyCloudVmBackupCommand : CopyCopyCmdlet<CloudVmBackup>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Backup;
    }
}

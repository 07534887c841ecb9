using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Deletes backups permanently; asks first unless -Force or -Confirm:$false (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class RemoveCloudVmBackupCommand : RemoveCopyCmdlet<CloudVmBackup>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Backup;
    }
}

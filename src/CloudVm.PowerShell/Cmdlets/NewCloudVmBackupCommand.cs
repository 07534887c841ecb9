using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a backup of each VM, under a name unique in the account (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.New, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmBackup))]
    public sealed class NewCloudVmBackupCommand : NewCopyCmdlet
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Backup;
    }
}

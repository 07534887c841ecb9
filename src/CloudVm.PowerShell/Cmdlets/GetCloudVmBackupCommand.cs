using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists backups (streamed), those of piped VMs, or gets them by id (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmBackup", DefaultParameterSetName = "List")]
    [OutputType(typeof(CloudVmBackup))]
    public sealed class GetCloudVmBackupCommand : GetCopyCmdlet<CloudVmBackup>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Backup;
    }
}

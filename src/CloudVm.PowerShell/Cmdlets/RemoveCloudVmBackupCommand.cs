using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Deletes backups for good.</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class RemoveCloudVmBackupCommand : BackupCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var (s, id, label, input) in Items())
                Try(input, () =>
                {
                    var api = s.Require<IVmBackups>("backups");
                    if (ShouldProcess(label, "Delete backup permanently")) Finish(Run(ct => api.DeleteBackupAsync(id, ct)), $"Deleting backup {label}", null);
                });
        }
    }
}

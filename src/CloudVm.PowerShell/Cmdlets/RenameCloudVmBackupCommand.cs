using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Renames a backup. Names are unique: a duplicate is refused.</summary>
    [Cmdlet(VerbsCommon.Rename, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmBackup))]
    public sealed class RenameCloudVmBackupCommand : BackupCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string NewName { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var (s, id, label, input) in Items())
                Try(input, () =>
                {
                    var api = s.Require<IVmBackups>("backups");
                    if (ShouldProcess(label, $"Rename backup to '{NewName}'")) Finish(Run(ct => api.RenameBackupAsync(id, NewName, ct)), "Renaming", async ct => await api.GetBackupAsync(id, ct));
                });
        }
    }
}

using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Copies a backup to another region (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Copy, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class CopyCloudVmBackupCommand : BackupCmdlet
    {
        /// <summary>The region to copy to.</summary>
        [Parameter(Mandatory = true)]
        [ValidateSet("br-se1", "br-se-1", "br-ne1", "br-ne-1")]
        public string Region { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var (s, id, label, input) in Items())
                Try(input, () =>
                {
                    var api = s.Require<IVmBackups>("copying backups");
                    if (ShouldProcess(label, $"Copy backup to {Region}")) Finish(Run(ct => api.CopyBackupAsync(id, Region, ct)), "Copying backup", null);
                });
        }
    }
}

using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Renames a snapshot. Names are unique: a duplicate is refused.</summary>
    [Cmdlet(VerbsCommon.Rename, "CloudVmSnapshot", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmSnapshot))]
    public sealed class RenameCloudVmSnapshotCommand : SnapshotCmdlet
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
                    var api = s.Require<IVmSnapshots>("snapshots");
                    if (ShouldProcess(label, $"Rename snapshot to '{NewName}'")) Finish(Run(ct => api.RenameSnapshotAsync(id, NewName, ct)), "Renaming", async ct => await api.GetSnapshotAsync(id, ct));
                });
        }
    }
}

using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Deletes snapshots for good.</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class RemoveCloudVmSnapshotCommand : SnapshotCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var (s, id, label, input) in Items())
                Try(input, () =>
                {
                    var api = s.Require<IVmSnapshots>("snapshots");
                    if (ShouldProcess(label, "Delete snapshot permanently")) Finish(Run(ct => api.DeleteSnapshotAsync(id, ct)), $"Deleting snapshot {label}", null);
                });
        }
    }
}

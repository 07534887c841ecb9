using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Deletes snapshots permanently; asks first unless -Force or -Confirm:$false (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Remove, "CloudVmSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class RemoveCloudVmSnapshotCommand : RemoveCopyCmdlet<CloudVmSnapshot>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Snapshot;
    }
}

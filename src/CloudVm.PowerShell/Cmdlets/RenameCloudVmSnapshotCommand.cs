using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Renames a snapshot (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Rename, "CloudVmSnapshot", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmSnapshot))]
    public sealed class RenameCloudVmSnapshotCommand : RenameCopyCmdlet<CloudVmSnapshot>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Snapshot;
    }
}

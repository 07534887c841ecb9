using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Copies a snapshot to another region (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Copy, "CloudVmSnapshot", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class CopyCloudVmSnapshotCommand : CopyCopyCmdlet<CloudVmSnapshot>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Snapshot;
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists snapshots (streamed), those of piped VMs, or gets them by id (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSnapshot", DefaultParameterSetName = "List")]
    [OutputType(typeof(CloudVmSnapshot))]
    public sealed class GetCloudVmSnapshotCommand : GetCopyCmdlet<CloudVmSnapshot>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Snapshot;
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a snapshot of each VM, under a name unique in the account (Magalu Cloud).</summary>
    [Cmdlet(VerbsCommon.New, "CloudVmSnapshot", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmSnapshot))]
    public sealed class NewCloudVmSnapshotCommand : NewCopyCmdlet
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Snapshot;
    }
}

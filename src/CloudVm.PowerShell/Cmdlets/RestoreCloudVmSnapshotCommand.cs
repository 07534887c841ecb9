using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a new VM from a snapshot (Magalu Cloud); with -Wait, writes the new VM once it runs.</summary>
    [Cmdlet(VerbsData.Restore, "CloudVmSnapshot", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RestoreCloudVmSnapshotCommand : RestoreCopyCmdlet<CloudVmSnapshot>
    {
        protected override CloudVmCopyKind Kind => CloudVmCopyKind.Snapshot;
    }
}

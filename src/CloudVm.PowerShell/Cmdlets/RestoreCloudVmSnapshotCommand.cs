using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a new VM from a snapshot. Checks first that the snapshot is ready and that the machine type's disk is large enough.</summary>
    [Cmdlet(VerbsData.Restore, "CloudVmSnapshot", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RestoreCloudVmSnapshotCommand : RestoreCopyCmdlet<CloudVmSnapshot>
    {
        protected override string Kind => "snapshot";

        protected override (string id, string name, CloudVmSession? session) Describe(CloudVmSnapshot item) => (item.Id, item.Name, item.Session);

        protected override Task<CloudVmJob> RestoreAsync(CloudVmSession session, string id, RestoreRequest request, CancellationToken ct) =>
            session.Require<IVmSnapshots>("restoring snapshots").RestoreSnapshotAsync(id, request, ct);
    }
}

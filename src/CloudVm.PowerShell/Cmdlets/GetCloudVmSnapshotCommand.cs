using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists snapshots (streamed page by page), or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSnapshot", DefaultParameterSetName = "List")]
    [OutputType(typeof(CloudVmSnapshot))]
    public sealed class GetCloudVmSnapshotCommand : GetCopyCmdlet<CloudVmSnapshot>
    {
        protected override Task<Page<CloudVmSnapshot>> ListAsync(CloudVmSession session, string? token, CancellationToken ct) =>
            session.Require<IVmSnapshots>("snapshots").ListSnapshotsAsync(token, ct);

        protected override Task<CloudVmSnapshot> GetAsync(CloudVmSession session, string id, CancellationToken ct) =>
            session.Require<IVmSnapshots>("snapshots").GetSnapshotAsync(id, ct);

        protected override (string name, string? vmId) Describe(CloudVmSnapshot item) => (item.Name, item.VmId);
    }
}

using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists backups (streamed page by page), or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmBackup", DefaultParameterSetName = "List")]
    [OutputType(typeof(CloudVmBackup))]
    public sealed class GetCloudVmBackupCommand : GetCopyCmdlet<CloudVmBackup>
    {
        protected override Task<Page<CloudVmBackup>> ListAsync(CloudVmSession session, string? token, CancellationToken ct) =>
            session.Require<IVmBackups>("backups").ListBackupsAsync(token, ct);

        protected override Task<CloudVmBackup> GetAsync(CloudVmSession session, string id, CancellationToken ct) =>
            session.Require<IVmBackups>("backups").GetBackupAsync(id, ct);

        protected override (string name, string? vmId) Describe(CloudVmBackup item) => (item.Name, item.VmId);
    }
}

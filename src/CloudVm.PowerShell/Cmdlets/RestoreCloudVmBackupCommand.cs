using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Makes a new VM from a backup. Checks first that the backup is ready and that the machine type's disk is large enough.</summary>
    [Cmdlet(VerbsData.Restore, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = "ByObject")]
    [OutputType(typeof(CloudVmJob), typeof(VirtualMachine))]
    public sealed class RestoreCloudVmBackupCommand : RestoreCopyCmdlet<CloudVmBackup>
    {
        protected override string Kind => "backup";

        protected override (string id, string name, CloudVmSession? session) Describe(CloudVmBackup item) => (item.Id, item.Name, item.Session);

        protected override Task<CloudVmJob> RestoreAsync(CloudVmSession session, string id, RestoreRequest request, CancellationToken ct) =>
            session.Require<IVmBackups>("restoring backups").RestoreBackupAsync(id, request, ct);
    }
}

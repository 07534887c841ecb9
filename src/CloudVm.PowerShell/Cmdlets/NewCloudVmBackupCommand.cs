using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Creates a backup of a VM. Names are unique: a duplicate is refused.</summary>
    [Cmdlet(VerbsCommon.New, "CloudVmBackup", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmBackup))]
    public sealed class NewCloudVmBackupCommand : VmJobCmdlet
    {
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    var api = t.Session.Require<IVmBackups>("backups");
                    if (!ShouldProcess(t.ToString(), $"Create backup '{Name}'")) return;
                    var job = Run(ct => api.CreateBackupAsync(t.Vm, Name, ct));
                    if (!Wait) { WriteObject(job); return; }
                    if (WaitForJobs(new[] { job }, Timeout, $"Creating backup {Name}").Count == 1) WriteObject(Run(ct => api.GetBackupAsync(job.ResourceId!, ct)));
                });
        }
    }
}

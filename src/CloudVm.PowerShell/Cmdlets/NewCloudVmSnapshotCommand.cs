using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Creates a snapshot of a VM. Names are unique: a duplicate is refused.</summary>
    [Cmdlet(VerbsCommon.New, "CloudVmSnapshot", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmSnapshot))]
    public sealed class NewCloudVmSnapshotCommand : VmJobCmdlet
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
                    var api = t.Session.Require<IVmSnapshots>("snapshots");
                    if (!ShouldProcess(t.ToString(), $"Create snapshot '{Name}'")) return;
                    var job = Run(ct => api.CreateSnapshotAsync(t.Vm, Name, ct));
                    if (!Wait) { WriteObject(job); return; }
                    if (WaitForJobs(new[] { job }, Timeout, $"Creating snapshot {Name}").Count == 1) WriteObject(Run(ct => api.GetSnapshotAsync(job.ResourceId!, ct)));
                });
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Reads jobs by id from the provider (GPCN: up to 50 per request), or refreshes piped jobs once.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmJob", DefaultParameterSetName = "ById")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class GetCloudVmJobCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        [Parameter(ParameterSetName = "ById")]
        public CloudVmSession? Session { get; set; }

        /// <summary>Jobs to bring up to date (their state, progress and error).</summary>
        [Parameter(ParameterSetName = "ByJob", Mandatory = true, ValueFromPipeline = true)]
        public CloudVmJob[] Job { get; set; } = new CloudVmJob[0];

        /// <summary>VMs whose recent jobs to list (VMgen).</summary>
        [Parameter(ParameterSetName = "ByVm", Mandatory = true, ValueFromPipeline = true)]
        public VirtualMachine[] Vm { get; set; } = new VirtualMachine[0];

        /// <summary>Only the VM's current (latest) operation, from its status (VMgen).</summary>
        [Parameter(ParameterSetName = "ByVm")]
        public SwitchParameter Latest { get; set; }

        readonly List<CloudVmJob> piped = new List<CloudVmJob>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "ByJob")
            {
                piped.AddRange(Job);
                return;
            }
            if (ParameterSetName == "ByVm")
            {
                foreach (var vm in Vm)
                    Try(vm, () =>
                    {
                        var history = (vm.Session ?? ResolveSession(null)).Require<IVmJobHistory>("listing a VM's jobs");
                        var vmRef = VmRef.From(vm);
                        if (Latest) WriteObject(Run(ct => history.GetVmStatusAsync(vmRef, ct)));
                        else foreach (var job in Run(ct => history.ListVmJobsAsync(vmRef, ct))) WriteObject(job);
                    });
                return;
            }
            var session = ResolveSession(Session);
            Try(Id, () =>
            {
                var lookup = session.Require<IJobLookup>("looking up jobs by id");
                foreach (var job in Run(ct => lookup.GetJobsAsync(Id, ct))) WriteObject(job);
            });
        }

        protected override void EndProcessing()
        {
            foreach (var group in piped.Where(j => !j.IsFinished).GroupBy(j => j.Session))
            {
                if (group.Key == null) continue;
                Try(group.First(), () => Run(ct => group.Key.Api.RefreshJobsAsync(group.ToList(), ct)));
            }
            foreach (var job in piped) WriteObject(job);
        }
    }
}

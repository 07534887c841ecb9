using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Reads jobs by id (any job the session made; GPCN and VMgen also by the provider's own ids), refreshes piped
    /// jobs once, or lists a VM's recent jobs (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmJob", DefaultParameterSetName = "ById")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class GetCloudVmJobCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = "ById")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        /// <summary>Jobs to bring up to date (their state, progress and error).</summary>
        [Parameter(ParameterSetName = "ByJob", Mandatory = true, ValueFromPipeline = true)]
        public CloudVmJob[] Job { get; set; } = Array.Empty<CloudVmJob>();

        /// <summary>VMs whose recent jobs to list (VMgen).</summary>
        [Parameter(ParameterSetName = "ByVm", Mandatory = true, ValueFromPipeline = true)]
        public VirtualMachine[] Vm { get; set; } = Array.Empty<VirtualMachine>();

        /// <summary>Only the VM's current (latest) operation, from its status (VMgen).</summary>
        [Parameter(ParameterSetName = "ByVm")]
        public SwitchParameter Latest { get; set; }

        readonly List<CloudVmJob> pending = new List<CloudVmJob>();

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case "ByJob":
                    pending.AddRange(Job);
                    break;
                case "ByVm":
                    foreach (var vm in Vm)
                        Try(vm, () =>
                        {
                            var s = vm.Owner != null ? Connected(vm.Owner) : ResolveSession(null);
                            s.Features.Require(Latest ? CloudVmOperation.GetVmStatus : CloudVmOperation.ListVmJobs);
                            var vmRef = VmRef.From(vm);
                            if (Latest) WriteObject(Run(ct => s.Api.GetVmStatusAsync(vmRef, ct)));
                            else foreach (var job in Run(ct => s.Api.ListVmJobsAsync(vmRef, ct))) WriteObject(job);
                        });
                    break;
                default:
                    pending.AddRange(JobLookup.Find(this, ResolveSession(Session), Id));
                    break;
            }
        }

        protected override void EndProcessing()
        {
            foreach (var group in pending.Where(j => !j.IsFinished && j.Tracker.NeedsPolling && j.Owner != null).GroupBy(j => j.Owner!))
                Try(group.First().Id, () => Run(ct => group.Key.Api.RefreshJobsAsync(group.ToList(), ct)));
            foreach (var job in pending.Distinct()) WriteObject(job);
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Waits for jobs from any providers and sessions at once, polling each provider in batches
    /// (GPCN: 50 job ids per request), with a progress bar; Ctrl+C stops at once. Writes the completed jobs;
    /// a failed job is an error carrying the job's own error, a job still running at -Timeout is a timeout error.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "CloudVmJob", DefaultParameterSetName = "ByJob")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class WaitCloudVmJobCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "ByJob", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public CloudVmJob[] Job { get; set; } = new CloudVmJob[0];

        /// <summary>Job ids to look up through -Session (or the default session) and wait for.</summary>
        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        [Parameter(ParameterSetName = "ById")]
        public CloudVmSession? Session { get; set; }

        /// <summary>Seconds to wait before giving up (default 3600). The work goes on at the provider.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        readonly List<CloudVmJob> jobs = new List<CloudVmJob>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "ByJob") jobs.AddRange(Job);
            else
            {
                var session = ResolveSession(Session);
                Try(Id, () =>
                {
                    var lookup = session.Require<IJobLookup>("looking up jobs by id");
                    jobs.AddRange(Run(ct => lookup.GetJobsAsync(Id, ct)));
                });
            }
        }

        protected override void EndProcessing()
        {
            var unique = jobs.Distinct().ToList();
            var activity = unique.Count == 1 ? $"Waiting for {unique[0].Operation} of {unique[0].VmName ?? unique[0].VmId ?? unique[0].Id}" : $"Waiting for {unique.Count} CloudVm jobs";
            foreach (var job in WaitForJobs(unique, Timeout, activity)) WriteObject(job);
        }
    }
}

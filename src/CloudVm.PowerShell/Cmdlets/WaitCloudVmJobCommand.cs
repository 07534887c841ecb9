using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Waits for jobs from any providers and sessions at once, polling each provider in batches (GPCN: 50 job
    /// ids per request, a few requests in flight), with a progress bar; Ctrl+C stops at once. Writes the completed jobs
    /// (pipe them to Get-CloudVm for the VMs); a failed job is an error carrying the job's own error, a job still running
    /// at -Timeout is a CloudVm.Timeout error (it goes on at the provider).</summary>
    [Cmdlet(VerbsLifecycle.Wait, "CloudVmJob", DefaultParameterSetName = "ByJob")]
    [OutputType(typeof(CloudVmJob))]
    public sealed class WaitCloudVmJobCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "ByJob", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public CloudVmJob[] Job { get; set; } = Array.Empty<CloudVmJob>();

        /// <summary>Job ids to look up through -Session (or the default session) and wait for.</summary>
        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = "ById")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        /// <summary>Seconds to wait before giving up (default 3600). The work goes on at the provider.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        readonly List<CloudVmJob> jobs = new List<CloudVmJob>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "ByJob") jobs.AddRange(Job);
            else jobs.AddRange(JobLookup.Find(this, ResolveSession(Session), Id));
        }

        protected override void EndProcessing()
        {
            var unique = jobs.Distinct().ToList();
            if (unique.Count == 0) return;
            var activity = unique.Count == 1 ? $"Waiting for {unique[0].Operation} of {unique[0].Subject}" : $"Waiting for {unique.Count} CloudVm jobs";
            foreach (var job in WaitForJobs(unique, Timeout, activity)) WriteObject(job);
        }
    }

    /// <summary>Finds jobs by id: the session's own (every job a user saw), else the provider's job lookup.</summary>
    internal static class JobLookup
    {
        public static List<CloudVmJob> Find(CloudVmCmdlet cmdlet, CloudVmSession session, IEnumerable<string> ids)
        {
            var found = new List<CloudVmJob>();
            var lookup = new List<string>();
            foreach (var id in ids)
            {
                if (session.Jobs.Find(id) is CloudVmJob j) found.Add(j);
                else lookup.Add(id);
            }
            if (lookup.Count == 0) return found;
            if (!session.Features.Supports(CloudVmOperation.LookupJobs))
            {
                foreach (var id in lookup)
                    cmdlet.WriteError(CloudVmCmdlet.Record(new CloudVmException(CloudVmErrorKind.NotFound,
                        $"Session '{session.Name}' made no job {id}, and {session.Features.DisplayName} has no job ids of its own to look it up by.")
                    { Provider = session.Provider, RecommendedAction = "Jobs are known to the session that made them; after a restart, look at the VM with Get-CloudVm." }, id));
                return found;
            }
            foreach (var id in lookup)
                cmdlet.TryPublic(id, () =>
                {
                    ProviderFeatures.CheckSafeId(id, "job id");
                    found.AddRange(cmdlet.RunPublic(ct => session.Api.LookupJobsAsync(new[] { id }, ct)));
                });
            return found;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists VMs (streamed page by page, filters sent to the server where it has them), or gets
    /// VMs by id, refreshes piped VMs, or gets the VMs that piped jobs worked on.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVm", DefaultParameterSetName = "List", SupportsPaging = true)]
    [OutputType(typeof(VirtualMachine))]
    public sealed class GetCloudVmCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "List", Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        [Parameter(ParameterSetName = "List")]
        public CloudVmStatus? Status { get; set; }

        /// <summary>Location id or name (GPCN: data center UUID, region id, or a data center name pattern).</summary>
        [Parameter(ParameterSetName = "List")]
        [SupportsWildcards]
        public string? Location { get; set; }

        [Parameter(ParameterSetName = "List")]
        [SupportsWildcards]
        public string? Image { get; set; }

        /// <summary>The provider's own free-text search (GPCN: name, private IP or public IP).</summary>
        [Parameter(ParameterSetName = "List")]
        public string? Search { get; set; }

        /// <summary>The provider's sort expression (GPCN: name|createdAt|updatedAt|configuration|region|datacenter:asc|desc).</summary>
        [Parameter(ParameterSetName = "List")]
        public string? Sort { get; set; }

        /// <summary>GPCN resource group (team) id.</summary>
        [Parameter(ParameterSetName = "List")]
        public string? ResourceGroup { get; set; }

        [Parameter(ParameterSetName = "ById", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("VmId")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        /// <summary>VMs to read again through their own sessions.</summary>
        [Parameter(ParameterSetName = "ByVm", Mandatory = true, ValueFromPipeline = true)]
        [Alias("InputObject")]
        public VirtualMachine[] Vm { get; set; } = new VirtualMachine[0];

        /// <summary>Jobs whose VMs to get (for example the output of Wait-CloudVmJob).</summary>
        [Parameter(ParameterSetName = "ByJob", Mandatory = true, ValueFromPipeline = true)]
        public CloudVmJob[] Job { get; set; } = new CloudVmJob[0];

        /// <summary>One or more sessions to read from (default: the default session).</summary>
        [Parameter(ParameterSetName = "List")]
        [Parameter(ParameterSetName = "ById")]
        public CloudVmSession[]? Session { get; set; }

        ulong emitted, skipped, matched;
        bool capped;

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case "List":
                    var query = new VmQuery { Name = Name, Status = Status, Location = Location, Image = Image, Search = Search, Sort = Sort, ResourceGroup = ResourceGroup };
                    foreach (var session in Session ?? new[] { ResolveSession(null) })
                    {
                        if (capped) break;
                        if (!Try(session, () => List(session, query))) continue;
                    }
                    break;
                case "ById":
                    foreach (var session in Session ?? new[] { ResolveSession(null) })
                        foreach (var id in Id) Get(session, id, id);
                    break;
                case "ByVm":
                    foreach (var vm in Vm) Get(vm.Session ?? ResolveSession(null), vm.Id, vm);
                    break;
                case "ByJob":
                    foreach (var job in Job)
                    {
                        if (job.VmId == null) WriteCloudError(CloudVmException.Invalid($"Job {job.Id} ({job.Operation}) names no VM."), job);
                        else Get(job.Session ?? ResolveSession(null), job.VmId, job);
                    }
                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (PagingParameters.IncludeTotalCount) WriteObject(PagingParameters.NewTotalCount(matched, capped ? 0.0 : 1.0));
        }

        void Get(CloudVmSession session, string id, object target) =>
            Try(target, () => WriteObject(Run(ct => session.Api.GetVmAsync(id, ct))));

        const int MaxRestarts = 5;

        /// <summary>Asks for one page at a time and writes its VMs before asking for the next. Page-numbered
        /// lists shift when VMs change while the pipeline acts on them (Get-CloudVm -Status Running |
        /// Stop-CloudVm): when the provider's total changes between pages, the list is read again from the
        /// first page, skipping VMs already written, so no VM is missed or written twice.</summary>
        void List(CloudVmSession session, VmQuery query)
        {
            string? token = null;
            long? total = null;
            int restarts = 0;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                var page = Run(ct => session.Api.ListVmsAsync(query, token, ct));
                if (token != null && page.Total != null && total != null && page.Total != total && restarts < MaxRestarts)
                {
                    restarts++;
                    WriteVerbose($"The list changed while it was read ({total} then {page.Total} VMs); reading it again from the first page.");
                    total = null;
                    token = null;
                    continue;
                }
                total ??= page.Total;
                foreach (var vm in page.Items)
                {
                    if (!query.Matches(vm) || !seen.Add(vm.Id)) continue;
                    matched++;
                    if (skipped < PagingParameters.Skip) { skipped++; continue; }
                    if (emitted >= PagingParameters.First) { capped = true; return; }
                    WriteObject(vm);
                    emitted++;
                }
                token = page.NextPageToken;
                if (token == null) return;
                if (emitted >= PagingParameters.First && !PagingParameters.IncludeTotalCount)
                {
                    capped = true;
                    return;
                }
            }
        }
    }
}

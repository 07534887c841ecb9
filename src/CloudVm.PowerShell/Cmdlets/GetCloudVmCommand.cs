using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Listing;

namespace CloudVm.PowerShell
{
    /// <summary>Lists VMs (streamed: each window of the provider's list is written before later ones arrive, with a few
    /// read ahead; every VM present for the whole listing is written exactly once), gets VMs by id, or reads again the
    /// VMs of piped objects (VMs, jobs, network interfaces, snapshots, backups).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVm", DefaultParameterSetName = "List", SupportsPaging = true)]
    [OutputType(typeof(VirtualMachine))]
    public sealed class GetCloudVmCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "List", Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(VmNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = "List")]
        public CloudVmStatus? Status { get; set; }

        /// <summary>Location id or name (GPCN: data center UUID, region id, or a data center name pattern).</summary>
        [Parameter(ParameterSetName = "List")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string? Location { get; set; }

        [Parameter(ParameterSetName = "List")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ImageCompleter))]
        public string? Image { get; set; }

        /// <summary>The provider's own free-text search (GPCN: name, private IP or public IP; elsewhere name or IP, matched here).</summary>
        [Parameter(ParameterSetName = "List")]
        public string? Search { get; set; }

        /// <summary>field:asc|desc; the fields are the provider's (Get-CloudVmProvider shows them).</summary>
        [Parameter(ParameterSetName = "List")]
        [ArgumentCompleter(typeof(SortCompleter))]
        public string? Sort { get; set; }

        /// <summary>GPCN resource group (team) id.</summary>
        [Parameter(ParameterSetName = "List")]
        public string? ResourceGroup { get; set; }

        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VmIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>VMs to read again, or objects that point at VMs (jobs, network interfaces, snapshots, backups).</summary>
        [Parameter(ParameterSetName = "ByVm", Mandatory = true, ValueFromPipeline = true)]
        [Alias("InputObject", "Job")]
        [VmTransformation]
        public VirtualMachine[] Vm { get; set; } = Array.Empty<VirtualMachine>();

        /// <summary>One or more sessions to read from (default: the default session). With piped objects, the session to read them through.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession[]? Session { get; set; }

        ulong emitted, skipped, matched;
        readonly HashSet<string> seenNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool capped, wholeList = true;
        long? providerTotal;

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case "List":
                    var query = new VmQuery { Names = Name, Status = Status, Location = Location, Image = Image, Search = Search, Sort = Sort, ResourceGroup = ResourceGroup };
                    var sessions = Sessions();
                    foreach (var session in sessions)
                    {
                        if (capped) break;
                        Try(session, () => List(session, query));
                    }
                    // Like Get-Process -Name: a name without wildcards that matched nothing is an ObjectNotFound error; a
                    // wildcard that matches nothing stays silent. Only when the whole list was read.
                    if (!capped && Name != null && Status == null && Location == null && Image == null && Search == null && ResourceGroup == null)
                        foreach (var n in Name)
                            if (!Wildcard.HasWildcard(n) && !seenNames.Contains(n))
                                WriteCloudError(new CloudVmException(CloudVmErrorKind.NotFound,
                                    $"No VM named '{Input.Neutralize(n)}' was found in {string.Join(", ", sessions.Select(x => $"'{x.Name}' ({x.Features.DisplayName})"))}.")
                                { RecommendedAction = "Check the name (Get-CloudVm lists every VM), or use wildcards for a search that may find nothing." }, n);
                    break;
                case "ById":
                    foreach (var session in Sessions())
                        foreach (var id in Id)
                            Try(id, () =>
                            {
                                session.Features.CheckVmId(id);
                                WriteObject(Run(ct => session.Api.GetVmAsync(id, ct)));
                            });
                    break;
                default:
                    foreach (var vm in Vm)
                    {
                        object target = vm.IsReference && vm.Owner == null ? (object)vm.Id : vm;
                        Try(target, () =>
                        {
                            var s = Session?.Length > 0 ? Connected(Session[0]) : vm.Owner != null ? Connected(vm.Owner) : ResolveSession(null);
                            s.Features.CheckVmId(vm.Id);
                            WriteObject(Run(ct => s.Api.GetVmAsync(vm.Id, ct)));
                        });
                    }
                    break;
            }
        }

        List<CloudVmSession> Sessions() => SessionsOrDefault(Session);

        protected override void EndProcessing()
        {
            if (!PagingParameters.IncludeTotalCount) return;
            if (wholeList) WriteObject(PagingParameters.NewTotalCount(matched, 1.0));
            else if (providerTotal is long t && Name == null && Location == null && Image == null && Search == null)
                WriteObject(PagingParameters.NewTotalCount((ulong)t, 1.0));
            else if (providerTotal is long u) WriteObject(PagingParameters.NewTotalCount((ulong)u, 0.5));
            else WriteObject(PagingParameters.NewTotalCount(matched, 0.0));
        }

        void List(CloudVmSession session, VmQuery query)
        {
            // The pipeline thread writes one window while the next is read and parsed; at most two windows wait to be
            // written, so memory stays bounded however long the list. -First stops the listing one window later at most.
            using var room = new System.Threading.SemaphoreSlim(2);
            var stopped = false;
            // With -First (and no -IncludeTotalCount), a window that holds all that is wanted ends the listing at once.
            ulong wanted = PagingParameters.IncludeTotalCount || PagingParameters.First == ulong.MaxValue ? ulong.MaxValue : PagingParameters.First + PagingParameters.Skip, posted = matched;
            var task = Start(async ct =>
            {
                var stats = await Listings.VmsAsync(session, query, async batch =>
                {
                    await room.WaitAsync(ct).ConfigureAwait(false);
                    if (Volatile.Read(ref stopped)) { room.Release(); return false; }
                    Post(() =>
                    {
                        if (!Volatile.Read(ref stopped) && !Write(batch)) Volatile.Write(ref stopped, true);
                        room.Release();
                    });
                    posted += (ulong)batch.Count;
                    return !Volatile.Read(ref stopped) && posted < wanted;
                }, ct).ConfigureAwait(false);
                // Everything posted is written before the listing counts as done.
                for (int i = 0; i < 2; i++) await room.WaitAsync(ct).ConfigureAwait(false);
                room.Release(2);
                return stats;
            });
            PumpUntil(task);
            var stats = Result(task);
            providerTotal = stats.Total ?? providerTotal;
            if (stats.Resyncs > 0) WriteVerbose($"The list changed while it was read; CloudVm found its place again {stats.Resyncs} time(s) ({stats.Requests} requests).");
        }

        /// <summary>Writes one window's VMs on the pipeline thread; false when -First is reached.</summary>
        bool Write(IReadOnlyList<VirtualMachine> batch)
        {
            foreach (var vm in batch)
            {
                matched++;
                if (Name != null) seenNames.Add(vm.Name);
                if (skipped < PagingParameters.Skip) { skipped++; continue; }
                if (emitted >= PagingParameters.First)
                {
                    capped = true;
                    if (PagingParameters.IncludeTotalCount) continue; // keep counting, write no more
                    wholeList = false;
                    return false;
                }
                WriteObject(vm);
                emitted++;
            }
            if (emitted >= PagingParameters.First && !PagingParameters.IncludeTotalCount)
            {
                capped = true;
                wholeList = false;
                return false;
            }
            return true;
        }
    }
}

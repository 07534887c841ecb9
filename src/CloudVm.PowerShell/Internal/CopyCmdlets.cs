using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Listing;

namespace CloudVm.PowerShell
{
    /// <summary>The snapshot and backup families share everything but the kind: one generic base per verb, and each
    /// cmdlet is a one-line subclass that names its kind (PowerShell wants one class per cmdlet).</summary>
    public abstract class CopyTargetCmdlet<T> : JobCmdlet where T : CloudVmCopy
    {
        /// <summary>Snapshots or backups, usually piped from Get-CloudVmSnapshot or Get-CloudVmBackup.</summary>
        [Parameter(ParameterSetName = "ByObject", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("InputObject")]
        public T[] Item { get; set; } = Array.Empty<T>();

        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CopyCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = "ById")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        protected abstract CloudVmCopyKind Kind { get; }
        protected string Word => Kind.Word();

        /// <summary>(session, id, label, input) for each item of this record; bad ids are their item's error.</summary>
        protected IEnumerable<(CloudVmSession session, string id, string label, object input)> Items(CopyVerb verb)
        {
            var list = new List<(CloudVmSession, string, string, object)>();
            if (ParameterSetName == "ByObject")
                foreach (var item in Item)
                    Try(item, () =>
                    {
                        var s = item.Owner != null ? Connected(item.Owner) : ResolveSession(null);
                        s.Features.Require(CloudVmOperations.ForCopy(Kind, verb));
                        list.Add((s, item.Id, $"{Word} {item.Name} ({item.Id})", item));
                    });
            else
            {
                var s = ResolveSession(Session);
                foreach (var id in Id)
                    Try(id, () =>
                    {
                        s.Features.Require(CloudVmOperations.ForCopy(Kind, verb));
                        ProviderFeatures.CheckSafeId(id, Word + " id");
                        list.Add((s, id, $"{Word} {id}", id));
                    });
            }
            return list;
        }

        /// <summary>The copy as it is now (what -Wait writes for copy jobs).</summary>
        protected Func<IReadOnlyList<CloudVmJob>, CancellationToken, Task<IReadOnlyList<object>>> Copies(CloudVmSession s) => async (jobs, ct) =>
        {
            var result = new List<object>();
            foreach (var j in jobs.Where(j => j.ResourceId != null && j.Operation != CloudVmOperations.JobOperation(Kind, CopyVerb.Remove)))
                result.Add(await s.Api.GetCopyAsync(Kind, j.ResourceId!, ct).ConfigureAwait(false));
            return result;
        };
    }

    public abstract class RemoveCopyCmdlet<T> : CopyTargetCmdlet<T> where T : CloudVmCopy
    {
        /// <summary>Deletes without asking.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var (s, id, label, input) in Items(CopyVerb.Remove))
                Try(input, () =>
                {
                    if (!Confirmed(label, $"Delete {Word} permanently", $"Delete {label}? It cannot be restored afterwards.", Force)) return;
                    Emit(new[] { Run(ct => s.Api.DeleteCopyAsync(Kind, id, ct)) }, $"Deleting {label}");
                });
        }
    }

    public abstract class RenameCopyCmdlet<T> : CopyTargetCmdlet<T> where T : CloudVmCopy
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string NewName { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var (s, id, label, input) in Items(CopyVerb.Rename))
                Try(input, () =>
                {
                    if (!ShouldProcess(label, $"Rename to '{NewName}'")) return;
                    var job = Run(ct => s.Api.RenameCopyAsync(Kind, id, NewName, ct));
                    if (input is T item) item.Name = NewName;
                    Emit(new[] { job }, $"Renaming {label}", Copies(s));
                });
        }
    }

    public abstract class CopyCopyCmdlet<T> : CopyTargetCmdlet<T> where T : CloudVmCopy
    {
        /// <summary>The region to copy to.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string Region { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var (s, id, label, input) in Items(CopyVerb.Copy))
                Try(input, () =>
                {
                    if (!ShouldProcess(label, $"Copy to region {Region}")) return;
                    var job = Run(ct => s.Api.CopyCopyAsync(Kind, id, Region, ct));
                    Emit(new[] { job }, $"Copying {label} to {Region}");
                });
        }
    }

    /// <summary>Base of Restore-CloudVmSnapshot and Restore-CloudVmBackup: the new VM's settings, and the restore.</summary>
    public abstract class RestoreCopyCmdlet<T> : CopyTargetCmdlet<T> where T : CloudVmCopy
    {
        /// <summary>The new VM's name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string Name { get; set; } = "";

        /// <summary>The new VM's machine type, by id or name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SizeCompleter))]
        public string Size { get; set; } = "";

        /// <summary>The SSH key name to install (none for images that make a password).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SshKey { get; set; }

        [Parameter]
        public string? AvailabilityZone { get; set; }

        /// <summary>The VPC, by id or name (default: the region's default VPC).</summary>
        [Parameter]
        public CloudVmNetworkSpec? Network { get; set; }

        [Parameter]
        public SwitchParameter PublicIp { get; set; }

        /// <summary>User data text (sent base64-encoded).</summary>
        [Parameter]
        public string? UserData { get; set; }

        protected override void ProcessRecord()
        {
            var request = new RestoreRequest
            {
                Name = Name, Size = Size, SshKey = SshKey, AvailabilityZone = AvailabilityZone, Network = Network, UserData = UserData,
                PublicIp = MyInvocation.BoundParameters.ContainsKey(nameof(PublicIp)) ? PublicIp.IsPresent : (bool?)null,
            };
            foreach (var (s, id, label, input) in Items(CopyVerb.Restore))
                Try(input, () =>
                {
                    if (!ShouldProcess(label, $"Restore {Word} to a new VM '{Name}' ({Size})")) return;
                    Emit(new[] { Run(ct => s.Api.RestoreCopyAsync(Kind, id, request, ct)) }, $"Restoring {label}");
                });
        }
    }

    /// <summary>Base of New-CloudVmSnapshot and New-CloudVmBackup: a copy of each VM, with a name.</summary>
    public abstract class NewCopyCmdlet : VmJobCmdlet
    {
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string Name { get; set; } = "";

        protected abstract CloudVmCopyKind Kind { get; }

        protected override void ProcessRecord()
        {
            var word = Kind.Word();
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperations.ForCopy(Kind, CopyVerb.New));
                    if (!ShouldProcess(t.ToString(), $"Make {word} '{Name}'")) return;
                    var job = Run(ct => t.Session.Api.CreateCopyAsync(Kind, t.Vm, Name, ct));
                    Emit(new[] { job }, $"Making {word} {Name} of {t}", async (jobs, ct) =>
                        new object[] { await t.Session.Api.GetCopyAsync(Kind, job.ResourceId!, ct).ConfigureAwait(false) });
                });
        }
    }

    /// <summary>Base of Get-CloudVmSnapshot and Get-CloudVmBackup: lists (streamed, with the listing guarantee), filtered by
    /// name and by the VMs piped in, or gets by id.</summary>
    public abstract class GetCopyCmdlet<T> : CloudVmCmdlet where T : CloudVmCopy
    {
        [Parameter(ParameterSetName = "List", Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CopyCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the copies of these VMs (objects from Get-CloudVm, or ids).</summary>
        [Parameter(ParameterSetName = "List", ValueFromPipeline = true)]
        [VmTransformation]
        public VirtualMachine[]? Vm { get; set; }

        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CopyCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession[]? Session { get; set; }

        protected abstract CloudVmCopyKind Kind { get; }
        readonly HashSet<(CloudVmSession, string)> listed = new HashSet<(CloudVmSession, string)>();
        readonly List<VirtualMachine> vms = new List<VirtualMachine>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "ById")
            {
                foreach (var s in Sessions())
                    foreach (var id in Id)
                        Try(id, () =>
                        {
                            s.Features.Require(CloudVmOperations.ForCopy(Kind, CopyVerb.Get));
                            ProviderFeatures.CheckSafeId(id, "id");
                            WriteObject(Run(ct => s.Api.GetCopyAsync(Kind, id, ct)));
                        });
                return;
            }
            if (Vm != null) vms.AddRange(Vm);
            else foreach (var s in Sessions()) List(s, null);
        }

        protected override void EndProcessing()
        {
            // The copies of piped VMs: one listing per session, filtered by those VMs.
            foreach (var group in vms.GroupBy(v => v.Owner != null ? Connected(v.Owner) : Sessions().First()))
                List(group.Key, new HashSet<string>(group.Select(v => v.Id), StringComparer.OrdinalIgnoreCase));
        }

        List<CloudVmSession> Sessions() => SessionsOrDefault(Session);

        void List(CloudVmSession s, HashSet<string>? vmIds)
        {
            Try(s, () =>
            {
                s.Features.Require(CloudVmOperations.ForCopy(Kind, CopyVerb.List));
                var task = Start(ct => Listings.CopiesAsync(s.Api, Kind, s.ThrottleLimit, batch =>
                {
                    var done = new TaskCompletionSource<bool>();
                    Post(() =>
                    {
                        foreach (var item in batch)
                            if ((Name == null || Name.Any(n => Wildcard.IsMatch(item.Name, n))) && (vmIds == null || (item.VmId != null && vmIds.Contains(item.VmId))) && listed.Add((s, item.Id)))
                                WriteObject(item);
                        done.SetResult(true);
                    });
                    return done.Task;
                }, ct));
                PumpUntil(task);
                Result(task);
            });
        }
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Base of the snapshot and backup cmdlets that act on existing ones: piped objects (by value),
    /// or -Id (by property name) through -Session or the default session.</summary>
    public abstract class CopyTargetCmdlet<T> : CloudVmCmdlet where T : class
    {
        [Parameter(ParameterSetName = "ByObject", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("InputObject")]
        public T[] Item { get; set; } = Array.Empty<T>();

        [Parameter(ParameterSetName = "ById", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = "ById")]
        public CloudVmSession? Session { get; set; }

        /// <summary>Waits for the work and writes the result.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        protected abstract (string id, string name, CloudVmSession? session) Describe(T item);

        protected IEnumerable<(CloudVmSession session, string id, string label, object input)> Items()
        {
            if (ParameterSetName == "ByObject")
                foreach (var item in Item)
                {
                    var (id, name, session) = Describe(item);
                    yield return (session ?? ResolveSession(null), id, $"{name} ({id})", item);
                }
            else
            {
                var s = ResolveSession(Session);
                foreach (var id in Id) yield return (s, id, id, id);
            }
        }

        /// <summary>Writes the job; with -Wait waits and writes what <paramref name="result"/> reads (nothing when null).</summary>
        protected void Finish(CloudVmJob job, string activity, Func<CancellationToken, Task<object>>? result)
        {
            if (!Wait)
            {
                WriteObject(job);
                return;
            }
            if (WaitForJobs(new[] { job }, Timeout, activity).Count == 1 && result != null) WriteObject(Run(result));
        }
    }

    public abstract class SnapshotCmdlet : CopyTargetCmdlet<CloudVmSnapshot>
    {
        protected override (string id, string name, CloudVmSession? session) Describe(CloudVmSnapshot s) => (s.Id, s.Name, s.Session);
    }

    public abstract class BackupCmdlet : CopyTargetCmdlet<CloudVmBackup>
    {
        protected override (string id, string name, CloudVmSession? session) Describe(CloudVmBackup b) => (b.Id, b.Name, b.Session);
    }

    /// <summary>Base of Restore-CloudVmSnapshot and Restore-CloudVmBackup: the new VM's settings, and the restore.</summary>
    public abstract class RestoreCopyCmdlet<T> : CopyTargetCmdlet<T> where T : class
    {
        /// <summary>The new VM's name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 255)]
        public string Name { get; set; } = "";

        /// <summary>The new VM's machine type, by id or name.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Size { get; set; } = "";

        /// <summary>The SSH key name to install.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string SshKey { get; set; } = "";

        [Parameter]
        public string? AvailabilityZone { get; set; }

        /// <summary>The VPC, by id or name (default: the default VPC).</summary>
        [Parameter]
        public CloudVmNetworkSpec? Network { get; set; }

        [Parameter]
        public SwitchParameter PublicIp { get; set; }

        /// <summary>User data text (sent base64-encoded).</summary>
        [Parameter]
        public string? UserData { get; set; }

        protected abstract string Kind { get; }

        protected abstract Task<CloudVmJob> RestoreAsync(CloudVmSession session, string id, RestoreRequest request, CancellationToken ct);

        protected override void ProcessRecord()
        {
            var request = new RestoreRequest
            {
                Name = Name, Size = Size, SshKey = SshKey, AvailabilityZone = AvailabilityZone, Network = Network, UserData = UserData,
                PublicIp = MyInvocation.BoundParameters.ContainsKey("PublicIp") ? PublicIp.IsPresent : (bool?)null,
            };
            foreach (var (s, id, label, input) in Items())
                Try(input, () =>
                {
                    if (!ShouldProcess(label, $"Restore {Kind} to a new VM '{Name}' ({Size})")) return;
                    var job = Run(ct => RestoreAsync(s, id, request, ct));
                    Finish(job, $"Restoring {label}", async ct => await s.Api.GetVmAsync(job.VmId!, ct));
                });
        }
    }

    /// <summary>Base of Get-CloudVmSnapshot and Get-CloudVmBackup: lists (page by page) or gets by id.</summary>
    public abstract class GetCopyCmdlet<T> : CloudVmCmdlet where T : class
    {
        [Parameter(ParameterSetName = "List", Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        /// <summary>Only those of this VM (id).</summary>
        [Parameter(ParameterSetName = "List", ValueFromPipelineByPropertyName = true)]
        public string? VmId { get; set; }

        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter]
        public CloudVmSession[]? Session { get; set; }

        protected abstract Task<Page<T>> ListAsync(CloudVmSession session, string? token, CancellationToken ct);
        protected abstract Task<T> GetAsync(CloudVmSession session, string id, CancellationToken ct);
        protected abstract (string name, string? vmId) Describe(T item);

        protected override void ProcessRecord()
        {
            foreach (var s in Session ?? new[] { ResolveSession(null) })
                Try(s, () =>
                {
                    if (ParameterSetName == "ById")
                    {
                        foreach (var id in Id) Try(id, () => WriteObject(Run(ct => GetAsync(s, id, ct))));
                        return;
                    }
                    string? token = null;
                    do
                    {
                        var page = Run(ct => ListAsync(s, token, ct));
                        foreach (var item in page.Items)
                        {
                            var (name, vmId) = Describe(item);
                            if ((Name == null || Wildcard.IsMatch(name, Name)) && (VmId == null || vmId == VmId)) WriteObject(item);
                        }
                        token = page.NextPageToken;
                    } while (token != null);
                });
        }
    }
}

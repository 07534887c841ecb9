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

    /// <summary>The parameters of a restore: the new VM's settings.</summary>
    internal static class RestoreParameters
    {
        public static RestoreRequest Build(string name, string size, string sshKey, string? zone, CloudVmNetworkSpec? network, bool? publicIp, string? userData) =>
            new RestoreRequest { Name = name, Size = size, SshKey = sshKey, AvailabilityZone = zone, Network = network, PublicIp = publicIp, UserData = userData };
    }
}

using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Base of Start/Stop/Restart/Remove-CloudVm: confirms each VM, then sends piped VMs to the
    /// provider's bulk endpoint in chunks of its maximum (50 on GPCN), or one by one with bounded
    /// concurrency where it has none. A failure for one VM is that VM's error; the others go on.</summary>
    public abstract class BulkVmCmdlet : VmJobCmdlet
    {
        readonly Dictionary<CloudVmSession, List<VmTarget>> pending = new Dictionary<CloudVmSession, List<VmTarget>>();
        readonly List<CloudVmJob> jobs = new List<CloudVmJob>();

        /// <summary>The words for -WhatIf/-Confirm ("Start", "Stop", …).</summary>
        protected abstract string Action { get; }

        /// <summary>Throws the typed "not supported" error before any request.</summary>
        protected abstract void Check(CloudVmSession session);

        protected abstract Task<CloudVmJob> OneAsync(VmTarget target, CancellationToken ct);

        /// <summary>Whether the provider's bulk endpoints cover this action.</summary>
        protected abstract bool HasBulk(IBulkVmOperations bulk);

        protected abstract Task<IReadOnlyList<BulkOutcome>> BulkAsync(IBulkVmOperations bulk, IReadOnlyList<VmRef> vms, CancellationToken ct);

        protected virtual bool Confirm(VmTarget target) => ShouldProcess(target.ToString(), Action);

        protected override void ProcessRecord()
        {
            foreach (var target in Targets())
            {
                if (!Try(target.Input, () => Check(target.Session))) continue;
                if (!Confirm(target)) continue;
                if (!pending.TryGetValue(target.Session, out var list)) pending[target.Session] = list = new List<VmTarget>();
                list.Add(target);
                var max = target.Session.Api is IBulkVmOperations b && HasBulk(b) ? b.MaxBulkSize : Bounded.DefaultDegree;
                if (list.Count >= max) Flush(target.Session);
            }
        }

        protected override void EndProcessing()
        {
            foreach (var session in pending.Keys.ToList()) Flush(session);
            if (Wait) Emit(jobs, $"Waiting for {Action.ToLowerInvariant()}");
        }

        void Flush(CloudVmSession session)
        {
            var list = pending[session];
            pending.Remove(session);
            if (list.Count == 0) return;
            var made = new List<CloudVmJob>();
            if (list.Count > 1 && session.Api is IBulkVmOperations bulk && HasBulk(bulk))
            {
                for (int i = 0; i < list.Count; i += bulk.MaxBulkSize)
                {
                    var chunk = list.Skip(i).Take(bulk.MaxBulkSize).ToList();
                    var byId = chunk.GroupBy(t => t.Vm.Id).ToDictionary(g => g.Key, g => g.First());
                    IReadOnlyList<BulkOutcome> outcomes;
                    try
                    {
                        outcomes = Run(ct => BulkAsync(bulk, chunk.Select(t => t.Vm).ToList(), ct));
                    }
                    catch (CloudVmException e)
                    {
                        foreach (var t in chunk) WriteCloudError(e, t.Input);
                        continue;
                    }
                    foreach (var o in outcomes)
                    {
                        if (o.Error != null) WriteCloudError(o.Error, byId.TryGetValue(o.Vm.Id, out var t) ? t.Input : o.Vm.Id);
                        else if (o.Job != null) made.Add(o.Job);
                    }
                }
            }
            else
            {
                var results = Run(ct => Bounded.RunAsync(list, (t, c) => OneAsync(t, c), ct));
                foreach (var r in results)
                {
                    if (r.Error is CloudVmException ce) WriteCloudError(ce, r.Item.Input);
                    else if (r.Error != null) throw r.Error;
                    else made.Add(r.Value!);
                }
            }
            if (Wait) jobs.AddRange(made);
            else foreach (var job in made) WriteObject(job);
        }
    }

    /// <summary>Refuses a power action the provider does not have, before any request.</summary>
    internal static class PowerCheck
    {
        public static void Require(CloudVmSession session, PowerAction action, string what, string? hint = null)
        {
            if (!session.Api.PowerActions.Contains(action)) throw CloudVmException.NotSupported(session.Provider, what, hint);
        }
    }
}

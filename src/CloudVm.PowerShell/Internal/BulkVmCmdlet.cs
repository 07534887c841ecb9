using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CloudVm.Jobs;

namespace CloudVm.PowerShell
{
    /// <summary>Base of Start/Stop/Restart/Suspend/Remove-CloudVm: confirms each VM, then sends piped VMs to the provider's
    /// bulk endpoint in chunks of its maximum (50 on GPCN), or one request per VM, with a few requests of a session in
    /// flight together (its ThrottleLimit; bulk chunks at most 4) while more VMs come down the pipeline. Results are
    /// written in input order. A failure for one VM is that VM's error; the others go on.</summary>
    public abstract class BulkVmCmdlet : VmJobCmdlet
    {
        const int MaxBulkInFlight = 4;
        readonly Dictionary<CloudVmSession, List<VmTarget>> pending = new Dictionary<CloudVmSession, List<VmTarget>>();
        readonly Queue<(CloudVmSession session, Task<List<(VmTarget target, CloudVmJob? job, Exception? error)>> task)> inflight = new Queue<(CloudVmSession, Task<List<(VmTarget, CloudVmJob?, Exception?)>>)>();
        readonly List<CloudVmJob> made = new List<CloudVmJob>();

        /// <summary>The words for -WhatIf/-Confirm ("Start", "Stop", …).</summary>
        protected abstract string Action { get; }

        /// <summary>Throws the typed "not supported" error before any request.</summary>
        protected abstract void Check(CloudVmSession session);

        protected abstract Task<CloudVmJob> OneAsync(VmTarget target, CancellationToken ct);

        /// <summary>Whether the provider's bulk endpoint covers this call.</summary>
        protected abstract bool UsesBulk(ProviderFeatures features);

        protected abstract Task<IReadOnlyList<BulkOutcome>> BulkAsync(ICloudProvider api, IReadOnlyList<VmRef> vms, CancellationToken ct);

        protected virtual bool Confirm(VmTarget target) => ShouldProcess(target.ToString(), Action);

        protected override void ProcessRecord()
        {
            foreach (var target in Targets())
            {
                if (!Try(target.Input, () => Check(target.Session))) continue;
                if (!Confirm(target)) continue;
                if (!pending.TryGetValue(target.Session, out var list)) pending[target.Session] = list = new List<VmTarget>();
                list.Add(target);
                if (list.Count >= ChunkSize(target.Session)) Launch(target.Session);
            }
            WriteFinished(block: false);
        }

        protected override void EndProcessing()
        {
            foreach (var session in pending.Keys.ToList()) Launch(session);
            WriteFinished(block: true);
            if (Wait) Emit(made, $"Waiting for {Action.ToLowerInvariant()}");
        }

        int ChunkSize(CloudVmSession s) => UsesBulk(s.Features) ? s.Features.MaxBulkSize : 1;

        int Limit(CloudVmSession s) => UsesBulk(s.Features) ? Math.Min(MaxBulkInFlight, s.ThrottleLimit) : s.ThrottleLimit;

        void Launch(CloudVmSession session)
        {
            var list = pending[session];
            pending.Remove(session);
            if (list.Count == 0) return;
            // Keep at most the session's limit in flight: the oldest is written first, so output stays in input order.
            while (inflight.Count(x => x.session == session) >= Limit(session)) WriteHead();
            var bulk = list.Count > 1 && UsesBulk(session.Features);
            inflight.Enqueue((session, Start(ct => bulk ? BulkChunkAsync(session, list, ct) : OneChunkAsync(list[0], ct))));
        }

        async Task<List<(VmTarget, CloudVmJob?, Exception?)>> BulkChunkAsync(CloudVmSession session, List<VmTarget> chunk, CancellationToken ct)
        {
            var byId = chunk.GroupBy(t => t.Vm.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            IReadOnlyList<BulkOutcome> outcomes;
            try
            {
                outcomes = await BulkAsync(session.Api, byId.Values.Select(t => t.Vm).ToList(), ct).ConfigureAwait(false);
            }
            catch (CloudVmException e)
            {
                return byId.Values.Select(t => (t, (CloudVmJob?)null, (Exception?)e)).ToList();
            }
            return outcomes.Select(o => (byId.TryGetValue(o.Vm.Id, out var t) ? t : new VmTarget(session, o.Vm, o.Vm.Id), o.Job, (Exception?)o.Error)).ToList();
        }

        async Task<List<(VmTarget, CloudVmJob?, Exception?)>> OneChunkAsync(VmTarget target, CancellationToken ct)
        {
            try
            {
                return new List<(VmTarget, CloudVmJob?, Exception?)> { (target, await OneAsync(target, ct).ConfigureAwait(false), null) };
            }
            catch (CloudVmException e)
            {
                return new List<(VmTarget, CloudVmJob?, Exception?)> { (target, null, e) };
            }
        }

        void WriteFinished(bool block)
        {
            Pump();
            while (inflight.Count > 0 && (block || inflight.Peek().task.IsCompleted)) WriteHead();
        }

        void WriteHead()
        {
            var (_, task) = inflight.Dequeue();
            PumpUntil(task);
            foreach (var (target, job, error) in Result(task))
            {
                if (error != null) WriteCloudError(error, target.Input is VirtualMachine ? target.Input : target.Vm.Id);
                else if (job != null)
                {
                    if (Wait) made.Add(job);
                    else WriteObject(job);
                }
            }
        }
    }

    /// <summary>Base of Start, Stop, Restart and Suspend-CloudVm: one power action, through bulk endpoints where the provider
    /// has them. Hard actions (power-off, reset) ask unless -Confirm:$false.</summary>
    public abstract class PowerCmdlet : BulkVmCmdlet
    {
        protected abstract PowerAction Power { get; }

        /// <summary>A power-off or reset without a graceful shutdown: asks first.</summary>
        protected virtual bool Hard => false;

        protected virtual PowerOptions Options => new PowerOptions();

        protected override void Check(CloudVmSession session) => session.Features.CheckPower(Power, Options);

        protected override bool Confirm(VmTarget target) => Hard
            ? Confirmed(target.ToString(), Action, $"{Action} {target} without a graceful shutdown? Unsaved work in the guest is lost.", skipQuestion: false)
            : base.Confirm(target);

        protected override Task<CloudVmJob> OneAsync(VmTarget target, CancellationToken ct) => target.Session.Api.PowerAsync(target.Vm, Power, Options, ct);

        protected override bool UsesBulk(ProviderFeatures features) => Options.ShutdownTimeoutMinutes == null && features.BulkPowerActions.Contains(Power);

        protected override Task<IReadOnlyList<BulkOutcome>> BulkAsync(ICloudProvider api, IReadOnlyList<VmRef> vms, CancellationToken ct) => api.BulkPowerAsync(vms, Power, ct);
    }
}

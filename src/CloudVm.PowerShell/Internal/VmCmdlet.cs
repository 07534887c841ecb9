using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>A VM a cmdlet acts on, with the session to reach it and what to name in errors.</summary>
    public readonly struct VmTarget
    {
        public VmTarget(CloudVmSession session, VmRef vm, object input, bool nameSession = false)
        {
            Session = session;
            Vm = vm;
            Input = input;
            NameSession = nameSession;
        }

        public CloudVmSession Session { get; }
        public VmRef Vm { get; }
        /// <summary>What the user gave: the object, or the id string.</summary>
        public object Input { get; }
        /// <summary>More than one session is connected: prompts and -WhatIf say which cloud the VM is in.</summary>
        public bool NameSession { get; }
        /// <summary>The VM as prompts and -WhatIf name it: with its session and provider when more than one session is connected.</summary>
        public override string ToString() => NameSession ? $"{Vm} on {CloudVm.Input.Neutralize(Session.Name)} ({Session.Features.DisplayName})" : Vm.ToString();
    }

    /// <summary>Base of cmdlets that act on VMs, like Stop-Process: -Vm takes VM objects and what points at a VM by value
    /// (see <see cref="VmTransformationAttribute"/>); -Id takes ids. Each VM goes through the session it was read with
    /// (or, after a reconnect, the session to the same account); -Session names the session for ids, and rebinds piped
    /// objects to it. Ids are checked against the provider's id format before any request.</summary>
    public abstract class VmCmdlet : CloudVmCmdlet
    {
        protected const string ByVm = "ByVm";
        protected const string ById = "ById";

        [Parameter(ParameterSetName = ByVm, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("InputObject", "VirtualMachine")]
        [ValidateNotNull]
        [VmTransformation]
        [ArgumentCompleter(typeof(VmIdCompleter))]
        public VirtualMachine[] Vm { get; set; } = Array.Empty<VirtualMachine>();

        [Parameter(ParameterSetName = ById, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VmIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>The session for ids; for piped objects, the session to act through instead of their own.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        /// <summary>The targets of this record. A bad id or a session mismatch is that item's error (written here).</summary>
        protected IEnumerable<VmTarget> Targets()
        {
            var list = new List<VmTarget>();
            if (ParameterSetName == ByVm)
            {
                foreach (var vm in Vm)
                {
                    object input = vm.IsReference && vm.Owner == null ? (object)vm.Id : vm;
                    Try(input, () => list.Add(Target(vm, input)));
                }
            }
            else
            {
                var session = ResolveSession(Session);
                foreach (var id in Id)
                    Try(id, () =>
                    {
                        session.Features.CheckVmId(id);
                        list.Add(new VmTarget(session, new VmRef(id), id, Store.Sessions.Count > 1));
                    });
            }
            return list;
        }

        VmTarget Target(VirtualMachine vm, object input)
        {
            CloudVmSession session;
            if (Session != null)
            {
                var given = Connected(Session);
                if (vm.Owner != null && vm.Owner.Provider != given.Provider)
                    throw CloudVmException.Invalid($"{vm} was read from {vm.Owner.Provider.DisplayName}; -Session '{given.Name}' is {given.Provider.DisplayName}.", vm.Id);
                session = given;
            }
            else session = vm.Owner != null ? Connected(vm.Owner) : ResolveSession(null);
            session.Features.CheckVmId(vm.Id);
            return new VmTarget(session, VmRef.From(vm), input, Store.Sessions.Count > 1);
        }
    }

    /// <summary>VM cmdlets whose work can be waited on: -Wait returns what the work made, -Timeout bounds the wait.</summary>
    public abstract class VmJobCmdlet : VmCmdlet
    {
        /// <summary>Waits for the work to finish and returns the refreshed VM instead of the job.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds -Wait waits before giving up (the work goes on at the provider).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        protected void Emit(IReadOnlyList<CloudVmJob> jobs, string activity, Func<IReadOnlyList<CloudVmJob>, System.Threading.CancellationToken, System.Threading.Tasks.Task<IReadOnlyList<object>>>? reread = null) =>
            EmitJobs(jobs, Wait, Timeout, activity, reread);
    }

    /// <summary>Cmdlets whose work can be waited on but that do not act on VMs given as -Vm (New-CloudVm, network
    /// interfaces, snapshots and backups): the same -Wait and -Timeout.</summary>
    public abstract class JobCmdlet : CloudVmCmdlet
    {
        /// <summary>Waits for the work to finish and returns what it made instead of the job.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds -Wait waits before giving up (the work goes on at the provider).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        protected void Emit(IReadOnlyList<CloudVmJob> jobs, string activity, Func<IReadOnlyList<CloudVmJob>, System.Threading.CancellationToken, System.Threading.Tasks.Task<IReadOnlyList<object>>>? reread = null) =>
            EmitJobs(jobs, Wait, Timeout, activity, reread);
    }
}

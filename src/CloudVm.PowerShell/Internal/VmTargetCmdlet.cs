using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>A VM a cmdlet acts on, with the session to reach it and the object to name in errors.</summary>
    public readonly struct VmTarget
    {
        public VmTarget(CloudVmSession session, VmRef vm, object input)
        {
            Session = session;
            Vm = vm;
            Input = input;
        }

        public CloudVmSession Session { get; }
        public VmRef Vm { get; }
        public object Input { get; }
        public override string ToString() => Vm.Name != null ? $"{Vm.Name} ({Vm.Id})" : Vm.Id;
    }

    /// <summary>Base of cmdlets that act on VMs: takes VirtualMachine objects from the pipeline (by value),
    /// ids (by value or by property name Id/VmId), uses each VM's own session, else -Session, else the default.</summary>
    public abstract class VmTargetCmdlet : CloudVmCmdlet
    {
        protected const string ByVm = "ByVm";
        protected const string ById = "ById";

        [Parameter(ParameterSetName = ByVm, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("InputObject", "VirtualMachine")]
        [ValidateNotNull]
        public VirtualMachine[] Vm { get; set; } = Array.Empty<VirtualMachine>();

        [Parameter(ParameterSetName = ById, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("VmId")]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>The session for ids; a VM object always uses the session it was read through.</summary>
        [Parameter]
        public CloudVmSession? Session { get; set; }

        protected IEnumerable<VmTarget> Targets()
        {
            if (ParameterSetName == ByVm)
            {
                foreach (var vm in Vm)
                    yield return new VmTarget(vm.Session ?? ResolveSession(Session), VmRef.From(vm), vm);
            }
            else
            {
                var session = ResolveSession(Session);
                foreach (var id in Id)
                    yield return new VmTarget(session, new VmRef(id), id);
            }
        }
    }

    /// <summary>Adds -Wait/-Timeout and the common "return jobs, or wait and return the refreshed objects" output.</summary>
    public abstract class VmJobCmdlet : VmTargetCmdlet
    {
        /// <summary>Waits for the work to finish and returns the refreshed VM instead of the job.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds -Wait waits before giving up (the work goes on at the provider).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        protected void Emit(IReadOnlyList<CloudVmJob> jobs, string activity, bool refreshVm = true) =>
            EmitJobs(jobs, Wait, Timeout, activity, refreshVm);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.PowerShell
{
    /// <summary>Base of cmdlets that act on one network interface: piped NIC objects (by value), or -VmId and -Id
    /// (the NIC's id). With -Wait they return the VM's network interfaces as they are afterwards.</summary>
    public abstract class NicCmdlet : JobCmdlet
    {
        [Parameter(ParameterSetName = "ByNic", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("InputObject")]
        public CloudVmNetworkInterface[] NetworkInterface { get; set; } = Array.Empty<CloudVmNetworkInterface>();

        /// <summary>VMs (piped from Get-CloudVm): the cmdlet acts on each VM's primary network interface, where that is what
        /// it means (public IPs); the others say which interface to give.</summary>
        [Parameter(ParameterSetName = "ByVm", Mandatory = true, ValueFromPipeline = true)]
        [VmTransformation]
        public VirtualMachine[] Vm { get; set; } = Array.Empty<VirtualMachine>();

        [Parameter(ParameterSetName = "ById", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string VmId { get; set; } = "";

        /// <summary>The network interface's id.</summary>
        [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("NetworkInterfaceId", "NicId")]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = "";

        [Parameter(ParameterSetName = "ById")]
        [Parameter(ParameterSetName = "ByVm")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        /// <summary>A piped VM means its primary network interface (true for the public IP cmdlets).</summary>
        protected virtual bool VmMeansPrimary => false;

        protected abstract CloudVmOperation Operation { get; }
        protected abstract string Action { get; }
        protected abstract Task<CloudVmJob> ChangeAsync(ICloudProvider api, VmRef vm, string nicId, CancellationToken ct);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "ByVm")
            {
                foreach (var vm in Vm)
                    Try(vm, () =>
                    {
                        var session = Session != null ? Connected(Session) : vm.Owner != null ? Connected(vm.Owner) : ResolveSession(null);
                        session.Features.Require(Operation);
                        session.Features.CheckVmId(vm.Id);
                        if (!VmMeansPrimary)
                            throw CloudVmException.Invalid($"{MyInvocation.MyCommand.Name} acts on one network interface of {vm}: pipe it from Get-CloudVmNetworkInterface, or give -VmId and -Id.", vm.Id);
                        var nics = Run(ct => session.Api.ListNetworkInterfacesAsync(VmRef.From(vm), ct));
                        var primary = nics.FirstOrDefault(n => n.Primary) ?? throw new CloudVmException(CloudVmErrorKind.NotFound, $"{vm} has no primary network interface.") { Target = vm.Id };
                        Act(session, VmRef.From(vm), primary.Id);
                    });
                return;
            }
            var items = ParameterSetName == "ByNic"
                ? NetworkInterface.Select(n => (session: n.Owner, vm: new VmRef(n.VmId, n.VmName), nic: n.Id, input: (object)n)).ToList()
                : new List<(CloudVmSession? session, VmRef vm, string nic, object input)> { (Session, new VmRef(VmId), Id, Id) };
            foreach (var (given, vm, nicId, input) in items)
                Try(input, () =>
                {
                    var session = given != null ? Connected(given) : ResolveSession(null);
                    session.Features.Require(Operation);
                    session.Features.CheckVmId(vm.Id);
                    Act(session, vm, nicId);
                });
        }

        void Act(CloudVmSession session, VmRef vm, string nicId)
        {
            ProviderFeatures.CheckSafeId(nicId, "network interface id");
            if (!ShouldProcess($"network interface {nicId} of VM {vm}", Action)) return;
            var job = Run(ct => ChangeAsync(session.Api, vm, nicId, ct));
            Emit(new[] { job }, Action, (jobs, ct) => Nics(session, vm, ct));
        }

        internal static async Task<IReadOnlyList<object>> Nics(CloudVmSession session, VmRef vm, CancellationToken ct) =>
            (await session.Api.ListNetworkInterfacesAsync(vm, ct).ConfigureAwait(false)).Cast<object>().ToList();
    }
}

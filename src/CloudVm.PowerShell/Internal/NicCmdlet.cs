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

        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string VmId { get; set; } = "";

        /// <summary>The network interface's id.</summary>
        [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0)]
        [Alias("NetworkInterfaceId", "NicId")]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = "";

        [Parameter(ParameterSetName = "ById")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        protected abstract CloudVmOperation Operation { get; }
        protected abstract string Action { get; }
        protected abstract Task<CloudVmJob> ChangeAsync(ICloudProvider api, VmRef vm, string nicId, CancellationToken ct);

        protected override void ProcessRecord()
        {
            var items = ParameterSetName == "ByNic"
                ? NetworkInterface.Select(n => (session: n.Session, vm: new VmRef(n.VmId, n.VmName), nic: n.Id, input: (object)n)).ToList()
                : new List<(CloudVmSession? session, VmRef vm, string nic, object input)> { (Session, new VmRef(VmId), Id, Id) };
            foreach (var (given, vm, nicId, input) in items)
                Try(input, () =>
                {
                    var session = given != null ? Connected(given) : ResolveSession(null);
                    session.Features.Require(Operation);
                    session.Features.CheckVmId(vm.Id);
                    ProviderFeatures.CheckSafeId(nicId, "network interface id");
                    if (!ShouldProcess($"network interface {nicId} of VM {vm}", Action)) return;
                    var job = Run(ct => ChangeAsync(session.Api, vm, nicId, ct));
                    Emit(new[] { job }, Action, (jobs, ct) => Nics(session, vm, ct));
                });
        }

        internal static async Task<IReadOnlyList<object>> Nics(CloudVmSession session, VmRef vm, CancellationToken ct) =>
            (await session.Api.ListNetworkInterfacesAsync(vm, ct).ConfigureAwait(false)).Cast<object>().ToList();
    }
}

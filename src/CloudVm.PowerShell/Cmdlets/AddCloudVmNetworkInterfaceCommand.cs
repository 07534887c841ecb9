using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Attaches a network interface: on GPCN a new one on a network (-NetworkId, or networks piped from
    /// Get-CloudVmNetwork, which name their VM); on Magalu an existing interface (port) by id (-InterfaceId). With -Wait,
    /// writes the VM's interfaces afterwards.</summary>
    [Cmdlet(VerbsCommon.Add, "CloudVmNetworkInterface", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class AddCloudVmNetworkInterfaceCommand : VmJobCmdlet
    {
        /// <summary>The network (GPCN) or the existing interface (Magalu) to attach, by id.</summary>
        [Parameter(ParameterSetName = ByVm, Mandatory = true)]
        [Parameter(ParameterSetName = ById, Mandatory = true)]
        [Alias("InterfaceId")]
        [ValidateNotNullOrEmpty]
        public string NetworkId { get; set; } = "";

        /// <summary>Networks from Get-CloudVmNetwork (each names the VM it was listed for).</summary>
        [Parameter(ParameterSetName = "ByNetwork", Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public CloudVmNetwork[] Network { get; set; } = System.Array.Empty<CloudVmNetwork>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "ByNetwork")
            {
                foreach (var n in Network)
                    Try(n, () =>
                    {
                        if (n.VmId == null) throw CloudVmException.Invalid($"Network {n.Name} names no VM; give -Vm and -NetworkId.", n);
                        Attach(new VmTarget(Connected(n.Owner ?? ResolveSession(Session)), new VmRef(n.VmId), n), n.Id);
                    });
                return;
            }
            foreach (var t in Targets())
                Try(t.Input, () => Attach(t, NetworkId));
        }

        void Attach(VmTarget t, string networkId)
        {
            t.Session.Features.Require(CloudVmOperation.AddNetworkInterface);
            t.Session.Features.CheckVmId(t.Vm.Id);
            ProviderFeatures.CheckSafeId(networkId, "network id");
            if (!ShouldProcess(t.ToString(), $"Attach a network interface ({networkId})")) return;
            var job = Run(ct => t.Session.Api.AddNetworkInterfaceAsync(t.Vm, networkId, ct));
            Emit(new[] { job }, $"Attaching a network interface to {t}", (jobs, ct) => NicCmdlet.Nics(t.Session, t.Vm, ct));
        }
    }
}

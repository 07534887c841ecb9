using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Attaches a new network interface to a VM. Takes a network from Get-CloudVmNetwork, or a VM and
    /// -NetworkId. On GPCN the VM must be stopped when its data center has no network hotplug.</summary>
    [Cmdlet(VerbsCommon.Add, "CloudVmNetworkInterface", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class AddCloudVmNetworkInterfaceCommand : VmTargetCmdlet
    {
        /// <summary>The network to attach (from Get-CloudVmNetwork); it names its VM.</summary>
        [Parameter(ParameterSetName = "ByNetwork", Mandatory = true, ValueFromPipeline = true)]
        public CloudVmNetwork[] Network { get; set; } = new CloudVmNetwork[0];

        /// <summary>GPCN: the network to attach. Magalu Cloud: the existing network interface (port) to attach.</summary>
        [Parameter(ParameterSetName = ByVm, Mandatory = true, Position = 1)]
        [Parameter(ParameterSetName = ById, Mandatory = true, Position = 1)]
        [Alias("InterfaceId")]
        [ValidateNotNullOrEmpty]
        public string NetworkId { get; set; } = "";

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "ByNetwork")
            {
                foreach (var n in Network)
                {
                    if (n.VmId == null) { WriteCloudError(CloudVmException.Invalid($"Network {n.Name} names no VM; use -Vm and -NetworkId."), n); continue; }
                    Attach(n.Session ?? ResolveSession(Session), new VmRef(n.VmId), n.Id, n);
                }
                return;
            }
            foreach (var t in Targets()) Attach(t.Session, t.Vm, NetworkId, t.Input);
        }

        void Attach(CloudVmSession session, VmRef vm, string networkId, object input) => Try(input, () =>
        {
            var changes = session.Require<IVmNetworkInterfaceChanges>("adding network interfaces");
            if (!ShouldProcess($"VM {vm}", $"Attach network {networkId}")) return;
            var job = Run(ct => changes.AddNetworkInterfaceAsync(vm, networkId, ct));
            if (!Wait) { WriteObject(job); return; }
            if (WaitForJobs(new[] { job }, Timeout, "Attaching network interface").Count == 0) return;
            foreach (var nic in Run(ct => session.Require<IVmNetworkInterfaces>("network interfaces").ListNetworkInterfacesAsync(vm, ct))) WriteObject(nic);
        });
    }
}

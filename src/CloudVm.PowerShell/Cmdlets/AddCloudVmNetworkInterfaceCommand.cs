using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Attaches a network interface: on GPCN a new one on a network (-NetworkId, see Get-CloudVmNetwork); on Magalu
    /// an existing interface (port) by id (-InterfaceId). With -Wait, writes the VM's interfaces afterwards.</summary>
    [Cmdlet(VerbsCommon.Add, "CloudVmNetworkInterface", SupportsShouldProcess = true, DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmJob), typeof(CloudVmNetworkInterface))]
    public sealed class AddCloudVmNetworkInterfaceCommand : VmJobCmdlet
    {
        /// <summary>The network (GPCN) or the existing interface (Magalu) to attach, by id.</summary>
        [Parameter(Mandatory = true)]
        [Alias("InterfaceId")]
        [ValidateNotNullOrEmpty]
        public string NetworkId { get; set; } = "";

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(CloudVmOperation.AddNetworkInterface);
                    ProviderFeatures.CheckSafeId(NetworkId, "network id");
                    if (!ShouldProcess(t.ToString(), $"Attach a network interface ({NetworkId})")) return;
                    var job = Run(ct => t.Session.Api.AddNetworkInterfaceAsync(t.Vm, NetworkId, ct));
                    Emit(new[] { job }, $"Attaching a network interface to {t}", (jobs, ct) => NicCmdlet.Nics(t.Session, t.Vm, ct));
                });
        }
    }
}

using System.Collections.Generic;
using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Base of cmdlets that act on one network interface: piped NIC objects (by value), or -VmId
    /// and -Id (the NIC's id), both bindable by property name.</summary>
    public abstract class NicCmdlet : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "ByNic", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("InputObject")]
        public CloudVmNetworkInterface[] NetworkInterface { get; set; } = new CloudVmNetworkInterface[0];

        [Parameter(ParameterSetName = "ById", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string VmId { get; set; } = "";

        /// <summary>The network interface's id.</summary>
        [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("NetworkInterfaceId", "NicId")]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = "";

        [Parameter(ParameterSetName = "ById")]
        public CloudVmSession? Session { get; set; }

        /// <summary>Waits for the change and returns the VM's network interfaces as they are then.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = DefaultTimeoutSeconds;

        protected IEnumerable<(CloudVmSession session, VmRef vm, string nicId, object input)> Nics()
        {
            if (ParameterSetName == "ByNic")
            {
                foreach (var n in NetworkInterface) yield return (n.Session ?? ResolveSession(null), new VmRef(n.VmId, n.VmName), n.Id, n);
            }
            else yield return (ResolveSession(Session), new VmRef(VmId), Id, Id);
        }

        /// <summary>Writes the job, or waits and writes the VM's network interfaces.</summary>
        protected void EmitNicJob(CloudVmSession session, VmRef vm, CloudVmJob job, string activity)
        {
            if (!Wait)
            {
                WriteObject(job);
                return;
            }
            if (WaitForJobs(new[] { job }, Timeout, activity).Count == 0) return;
            foreach (var nic in Run(ct => session.Require<IVmNetworkInterfaces>("network interfaces").ListNetworkInterfacesAsync(vm, ct))) WriteObject(nic);
        }

        protected void Change(string action, System.Func<IVmNetworkInterfaceChanges, VmRef, string, System.Threading.CancellationToken, System.Threading.Tasks.Task<CloudVmJob>> change)
        {
            foreach (var (session, vm, nicId, input) in Nics())
            {
                Try(input, () =>
                {
                    var changes = session.Require<IVmNetworkInterfaceChanges>("changing network interfaces");
                    if (!ShouldProcess($"network interface {nicId} of VM {vm}", action)) return;
                    EmitNicJob(session, vm, Run(ct => change(changes, vm, nicId, ct)), action);
                });
            }
        }
    }
}

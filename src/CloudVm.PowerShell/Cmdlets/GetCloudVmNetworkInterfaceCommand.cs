using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists a VM's network interfaces: private and public IPs, primary flag, network, reverse DNS.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmNetworkInterface", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmNetworkInterface))]
    public sealed class GetCloudVmNetworkInterfaceCommand : VmTargetCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    foreach (var nic in Run(ct => t.Session.Require<IVmNetworkInterfaces>("listing network interfaces").ListNetworkInterfacesAsync(t.Vm, ct)))
                        WriteObject(nic);
                });
        }
    }
}

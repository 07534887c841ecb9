using System.Linq;
using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>What each provider can do, from its declared features: its operations with the cmdlet for each, power
    /// actions, bulk endpoints, create and resize parameters, paging, sort fields, status words, regions and settings.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmProvider")]
    [OutputType(typeof(CloudVmProviderInfo))]
    public sealed class GetCloudVmProviderCommand : CloudVmCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public CloudProvider[]? Provider { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var f in ProviderRegistry.All)
                if (Provider == null || Provider.Contains(f.Provider)) WriteObject(new CloudVmProviderInfo(f));
        }
    }
}

using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists marketplace items (ready-made deployments) that New-CloudVm -MarketplaceItem can deploy (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmMarketplaceItem")]
    [OutputType(typeof(CloudVmMarketplaceItem))]
    public sealed class GetCloudVmMarketplaceItemCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Description { get; set; }

        protected override void EndProcessing() =>
            ListFromSessions<IDeploymentCatalog, CloudVmMarketplaceItem>("the marketplace", (c, ct) => c.ListMarketplaceItemsAsync(ct), m => NameMatches(Description, m.Description, m.Id));
    }
}

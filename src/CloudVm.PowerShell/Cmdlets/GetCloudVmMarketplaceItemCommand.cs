using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists ready-made deployments (VMgen marketplace); New-CloudVm -MarketplaceItem takes their ids.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmMarketplaceItem")]
    [OutputType(typeof(CloudVmMarketplaceItem))]
    public sealed class GetCloudVmMarketplaceItemCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Description { get; set; }

        protected override void ProcessRecord() =>
            ListFromSessions(CloudVmOperation.ListMarketplaceItems, (api, ct) => api.ListMarketplaceItemsAsync(ct), m => NameMatches(Description, m.Description, m.Id));
    }
}

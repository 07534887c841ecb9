using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the sizes (packages, machine types) VMs can have, for a location where the provider lists them per location.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSize")]
    [OutputType(typeof(CloudVmSize))]
    public sealed class GetCloudVmSizeCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        /// <summary>The location whose sizes to list (id), where the provider lists sizes per location.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("LocationId")]
        public string? Location { get; set; }

        /// <summary>Locations from Get-CloudVmLocation, each read through its own session.</summary>
        [Parameter(ValueFromPipeline = true)]
        [Alias("InputObject")]
        public CloudVmLocation? LocationObject { get; set; }

        protected override void ProcessRecord()
        {
            if (LocationObject != null)
            {
                var s = LocationObject.Session ?? ResolveSession(null);
                var id = LocationObject.Id;
                Try(LocationObject, () =>
                {
                    foreach (var size in Run(ct => s.Require<ICatalog>("listing sizes").ListSizesAsync(id, ct)))
                        if (NameMatches(Name, size.Name, size.Id)) WriteObject(size);
                });
                return;
            }
            ListFromSessions<ICatalog, CloudVmSize>("listing sizes", (c, ct) => c.ListSizesAsync(Location, ct), s => NameMatches(Name, s.Name, s.Id));
        }
    }
}

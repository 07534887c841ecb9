using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the sizes (packages, machine types) VMs can have, for a location where the provider prices per location.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSize")]
    [OutputType(typeof(CloudVmSize))]
    public sealed class GetCloudVmSizeCommand : CloudVmCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        /// <summary>The location whose sizes to list (id), where the provider lists sizes per location.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("LocationId")]
        public string? Location { get; set; }

        [Parameter]
        public CloudVmSession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var s in Session ?? new[] { ResolveSession(null) })
                Try(s, () =>
                {
                    foreach (var size in Run(ct => s.Require<ICatalog>("listing sizes").ListSizesAsync(Location, ct)))
                        if (Name == null || Wildcard.IsMatch(size.Name, Name) || size.Id == Name) WriteObject(size);
                });
        }
    }
}

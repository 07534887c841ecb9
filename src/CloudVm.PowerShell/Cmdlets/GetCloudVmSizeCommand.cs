using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists VM sizes: packages (VPS247, VMgen per location), machine types (Magalu).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSize")]
    [OutputType(typeof(CloudVmSize))]
    public sealed class GetCloudVmSizeCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Only the sizes of this location (VMgen packages are per location). Binds by property name from locations.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("LocationId")]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string? Location { get; set; }

        /// <summary>Locations to list the sizes of (from Get-CloudVmLocation).</summary>
        [Parameter(ValueFromPipeline = true)]
        public CloudVmLocation? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            var location = InputObject?.Id ?? Location;
            if (location != null) ProviderFeatures.CheckSafeId(location, "location id");
            ListFromSessions(CloudVmOperation.ListSizes, (api, ct) => api.ListSizesAsync(location, ct), s => NameMatches(Name, s.Name, s.Id));
        }
    }
}

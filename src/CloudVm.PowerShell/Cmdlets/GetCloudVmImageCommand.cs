using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the OS images or templates VMs can be made from; on GPCN, those of one data center (-Location, or a
    /// piped location, read through the session it came from).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmImage")]
    [OutputType(typeof(CloudVmImage))]
    public sealed class GetCloudVmImageCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>The location whose images to list (GPCN keeps images per data center). A piped location binds -InputObject; a piped VM, -Vm.</summary>
        [Parameter]
        [Alias("LocationId")]
        [ArgumentCompleter(typeof(LocationCompleter))]
        public string? Location { get; set; }

        /// <summary>Locations to list the images of (from Get-CloudVmLocation).</summary>
        [Parameter(ValueFromPipeline = true)]
        public CloudVmLocation? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            var location = InputObject?.Id ?? Location;
            Input.CheckNoControl(location, "-Location");
            ListFromSessions(CloudVmOperation.ListImages, (api, ct) => api.ListImagesAsync(location, ct), i => NameMatches(Name, i.Name, i.Id), InputObject?.Owner);
        }
    }
}

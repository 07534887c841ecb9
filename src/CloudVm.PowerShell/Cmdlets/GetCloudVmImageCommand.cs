using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the images (OS templates) VMs can be created from.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmImage")]
    [OutputType(typeof(CloudVmImage))]
    public sealed class GetCloudVmImageCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        protected override void EndProcessing() =>
            ListFromSessions<ICatalog, CloudVmImage>("listing images", (c, ct) => c.ListImagesAsync(ct), i => NameMatches(Name, i.Name, i.Id));
    }
}

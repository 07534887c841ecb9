using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the images (OS templates) VMs can be created from.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmImage")]
    [OutputType(typeof(CloudVmImage))]
    public sealed class GetCloudVmImageCommand : CloudVmCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        [Parameter]
        public CloudVmSession[]? Session { get; set; }

        protected override void EndProcessing()
        {
            foreach (var s in Session ?? new[] { ResolveSession(null) })
                Try(s, () =>
                {
                    foreach (var i in Run(ct => s.Require<ICatalog>("listing images").ListImagesAsync(ct)))
                        if (Name == null || Wildcard.IsMatch(i.Name, Name) || i.Id == Name) WriteObject(i);
                });
        }
    }
}

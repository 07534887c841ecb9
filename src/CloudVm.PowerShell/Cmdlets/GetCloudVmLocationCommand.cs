using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the locations (regions, data centers) VMs can be created in.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmLocation")]
    [OutputType(typeof(CloudVmLocation))]
    public sealed class GetCloudVmLocationCommand : CloudVmCmdlet
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
                    foreach (var l in Run(ct => s.Require<ICatalog>("listing locations").ListLocationsAsync(ct)))
                        if (Name == null || Wildcard.IsMatch(l.Name, Name) || l.Id == Name) WriteObject(l);
                });
        }
    }
}

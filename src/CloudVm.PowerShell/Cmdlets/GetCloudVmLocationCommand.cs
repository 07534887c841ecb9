using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the locations (regions, data centers) VMs can be created in.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmLocation")]
    [OutputType(typeof(CloudVmLocation))]
    public sealed class GetCloudVmLocationCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        protected override void EndProcessing() =>
            ListFromSessions<ICatalog, CloudVmLocation>("listing locations", (c, ct) => c.ListLocationsAsync(ct), l => NameMatches(Name, l.Name, l.Id));
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists where VMs can be made: regions (VPS247), compute zones (e24cloud), locations (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmLocation")]
    [OutputType(typeof(CloudVmLocation))]
    public sealed class GetCloudVmLocationCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            ListFromSessions(CloudVmOperation.ListLocations, (api, ct) => api.ListLocationsAsync(ct), l => NameMatches(Name, l.Name, l.Id));
    }
}

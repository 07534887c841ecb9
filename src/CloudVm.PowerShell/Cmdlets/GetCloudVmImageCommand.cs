using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the OS images or templates VMs can be made from.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmImage")]
    [OutputType(typeof(CloudVmImage))]
    public sealed class GetCloudVmImageCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            ListFromSessions(CloudVmOperation.ListImages, (api, ct) => api.ListImagesAsync(ct), i => NameMatches(Name, i.Name, i.Id));
    }
}

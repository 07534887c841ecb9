using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists saved user-data scripts (VMgen); New-CloudVm -UserDataScript takes their version ids.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmUserDataScript")]
    [OutputType(typeof(CloudVmUserDataScript))]
    public sealed class GetCloudVmUserDataScriptCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Description { get; set; }

        protected override void ProcessRecord() =>
            ListFromSessions(CloudVmOperation.ListUserDataScripts, (api, ct) => api.ListUserDataScriptsAsync(ct), s => NameMatches(Description, s.Description ?? "", s.VersionId));
    }
}

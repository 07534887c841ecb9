using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the account's saved user-data scripts (VMgen); New-CloudVm -UserDataScript takes a VersionId.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmUserDataScript")]
    [OutputType(typeof(CloudVmUserDataScript))]
    public sealed class GetCloudVmUserDataScriptCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Description { get; set; }

        protected override void EndProcessing() =>
            ListFromSessions<IDeploymentCatalog, CloudVmUserDataScript>("user-data scripts", (c, ct) => c.ListUserDataScriptsAsync(ct), s => NameMatches(Description, s.Description ?? "", s.VersionId));
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the SSH public keys stored in the account (VMgen, e24cloud); New-CloudVm -SshKey takes their ids or names.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSshKey")]
    [OutputType(typeof(CloudVmSshKey))]
    public sealed class GetCloudVmSshKeyCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            ListFromSessions(CloudVmOperation.ListSshKeys, (api, ct) => api.ListSshKeysAsync(ct), k => NameMatches(Name, k.Name, k.Id));
    }
}

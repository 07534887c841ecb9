using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the SSH public keys stored in the account (VMgen); New-CloudVm -SshKey takes their ids.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmSshKey")]
    [OutputType(typeof(CloudVmSshKey))]
    public sealed class GetCloudVmSshKeyCommand : SessionListCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string? Name { get; set; }

        protected override void EndProcessing() =>
            ListFromSessions<IDeploymentCatalog, CloudVmSshKey>("listing SSH keys", (c, ct) => c.ListSshKeysAsync(ct), k => NameMatches(Name, k.Name, k.Id));
    }
}

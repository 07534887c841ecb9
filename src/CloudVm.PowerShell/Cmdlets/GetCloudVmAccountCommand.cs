using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Gets the account behind a session (VMgen): credit, invoicing model, billing address.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmAccount")]
    [OutputType(typeof(CloudVmAccount))]
    public sealed class GetCloudVmAccountCommand : CloudVmCmdlet
    {
        [Parameter]
        public CloudVmSession[]? Session { get; set; }

        protected override void EndProcessing()
        {
            foreach (var s in Session ?? new[] { ResolveSession(null) })
                Try(s, () => WriteObject(Run(ct => s.Require<IAccountOperations>("account details").GetAccountAsync(ct))));
        }
    }
}

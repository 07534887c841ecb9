using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Reads the account behind a session (VMgen): credit, invoicing model, billing address.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmAccount")]
    [OutputType(typeof(CloudVmAccount))]
    public sealed class GetCloudVmAccountCommand : SessionListCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var s in Sessions())
                Try(s, () =>
                {
                    s.Features.Require(CloudVmOperation.GetAccount);
                    WriteObject(Run(ct => s.Api.GetAccountAsync(ct)));
                });
        }
    }
}

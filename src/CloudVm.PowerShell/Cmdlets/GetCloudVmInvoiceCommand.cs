using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Lists the account's invoices for the current billing period (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmInvoice")]
    [OutputType(typeof(CloudVmInvoice))]
    public sealed class GetCloudVmInvoiceCommand : SessionListCmdlet
    {
        protected override void EndProcessing() =>
            ListFromSessions<IAccountOperations, CloudVmInvoice>("invoices", (c, ct) => c.ListInvoicesAsync(ct));
    }
}

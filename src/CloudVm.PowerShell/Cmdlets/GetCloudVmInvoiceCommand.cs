using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Lists this billing period's invoices (VMgen).</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmInvoice")]
    [OutputType(typeof(CloudVmInvoice))]
    public sealed class GetCloudVmInvoiceCommand : SessionListCmdlet
    {
        protected override void ProcessRecord() => ListFromSessions(CloudVmOperation.ListInvoices, (api, ct) => api.ListInvoicesAsync(ct));
    }
}

using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Sends a support ticket to the provider (VMgen), which answers by email.</summary>
    [Cmdlet(VerbsCommon.New, "CloudVmSupportTicket", SupportsShouldProcess = true)]
    [OutputType(typeof(CloudVmSupportTicket))]
    public sealed class NewCloudVmSupportTicketCommand : CloudVmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Topic { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Text { get; set; } = "";

        /// <summary>The email address the answer goes to.</summary>
        [Parameter(Mandatory = true)]
        [ValidatePattern(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
        public string ReplyTo { get; set; } = "";

        [Parameter]
        public CloudVmSession? Session { get; set; }

        protected override void EndProcessing()
        {
            var s = ResolveSession(Session);
            Try(Topic, () =>
            {
                var support = s.Require<IAccountOperations>("support tickets");
                if (!ShouldProcess($"{ProviderCatalog.DisplayName(s.Provider)} support, answer to {ReplyTo}", $"Send ticket '{Topic}'")) return;
                WriteObject(Run(ct => support.CreateSupportTicketAsync(Topic, Text, ReplyTo, ct)));
            });
        }
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Sends a support ticket to the provider by email (VMgen).</summary>
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

        /// <summary>The address the answer goes to.</summary>
        [Parameter(Mandatory = true)]
        [ValidateWhole(@"^[^@\s]+@[^@\s]+$", "an e-mail address")]
        public string ReplyTo { get; set; } = "";

        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            var s = ResolveSession(Session);
            Try(Topic, () =>
            {
                s.Features.Require(CloudVmOperation.NewSupportTicket);
                if (!ShouldProcess($"support ticket '{Topic}' to {s.Features.DisplayName} (answer to {ReplyTo})", "Send")) return;
                WriteObject(Run(ct => s.Api.CreateSupportTicketAsync(Topic, Text, ReplyTo, ct)));
            });
        }
    }
}

using System;
using System.Management.Automation;
using System.Text;

namespace CloudVm.PowerShell
{
    /// <summary>Saves a user-data script in the account (VMgen); New-CloudVm -UserDataScript takes its version id.</summary>
    [Cmdlet(VerbsCommon.New, "CloudVmUserDataScript", SupportsShouldProcess = true)]
    [OutputType(typeof(CloudVmUserDataScript))]
    public sealed class NewCloudVmUserDataScriptCommand : CloudVmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Description { get; set; } = "";

        /// <summary>The script text.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public string Content { get; set; } = "";

        /// <summary>Sends the script base64-encoded (as the page's base64 flag says).</summary>
        [Parameter]
        public SwitchParameter Base64 { get; set; }

        [Parameter]
        [ValidateSet("user_data")]
        public string Type { get; set; } = "user_data";

        [Parameter]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [SessionTransformation]
        public CloudVmSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            var s = ResolveSession(Session);
            Try(Description, () =>
            {
                s.Features.Require(CloudVmOperation.NewUserDataScript);
                if (!ShouldProcess($"user-data script '{Description}' on {s}", "Save")) return;
                var content = Base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(Content)) : Content;
                WriteObject(Run(ct => s.Api.CreateUserDataScriptAsync(Description, content, Base64, Type, ct)));
            });
        }
    }
}

using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Saves a user-data script in the account (VMgen) and returns it with its VersionId.</summary>
    [Cmdlet(VerbsCommon.New, "CloudVmUserDataScript", SupportsShouldProcess = true)]
    [OutputType(typeof(CloudVmUserDataScript))]
    public sealed class NewCloudVmUserDataScriptCommand : CloudVmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Description { get; set; } = "";

        /// <summary>The script text (or base64 text with -Base64).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public string Content { get; set; } = "";

        /// <summary>-Content is already base64-encoded.</summary>
        [Parameter]
        public SwitchParameter Base64 { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Type { get; set; } = "user_data";

        [Parameter]
        public CloudVmSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            var s = ResolveSession(Session);
            Try(Description, () =>
            {
                var scripts = s.Require<IDeploymentCatalog>("saving user-data scripts");
                if (!ShouldProcess($"user-data script '{Description}' ({Content.Length} characters) on {s}", "Save")) return;
                WriteObject(Run(ct => scripts.CreateUserDataScriptAsync(Description, Content, Base64, Type, ct)));
            });
        }
    }
}

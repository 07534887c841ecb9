using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Gets a VM's login secret (its password, or the SSH private key generated at create) as a SecureString, as a
    /// PSCredential with -AsCredential, or as plain text only with -AsPlainText.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmCredential", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmSecret), typeof(PSCredential), typeof(string))]
    public sealed class GetCloudVmCredentialCommand : VmCmdlet
    {
        [Parameter]
        public CloudVmSecretType Type { get; set; } = CloudVmSecretType.Password;

        /// <summary>The user name for -AsCredential (default root).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "root";

        [Parameter]
        public SwitchParameter AsCredential { get; set; }

        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void BeginProcessing()
        {
            if (AsCredential && AsPlainText) ThrowCloudError(CloudVmException.Invalid("-AsCredential and -AsPlainText cannot be used together."), null);
            if (PipedToExportClixmlOffWindows(MyInvocation))
                WriteWarning("Export-Clixml does not encrypt a secret on Linux or macOS: the file will hold it as readable hex. Keep it in a SecretManagement vault (Set-Secret) instead.");
        }

        /// <summary>Whether the command line pipes this cmdlet's output on to Export-Clixml on a system where Export-Clixml
        /// does not encrypt (anything but Windows). Read from the invocation's line: cheap, and silent where it cannot tell.</summary>
        internal static bool PipedToExportClixmlOffWindows(InvocationInfo invocation)
        {
            if (System.Environment.OSVersion.Platform == System.PlatformID.Win32NT) return false;
            if (invocation.PipelinePosition >= invocation.PipelineLength) return false;
            var line = invocation.Line ?? "";
            var at = invocation.OffsetInLine > 0 && invocation.OffsetInLine <= line.Length ? invocation.OffsetInLine - 1 : 0;
            var rest = line.Substring(at);
            var pipe = rest.IndexOf('|');
            return pipe >= 0 && System.Text.RegularExpressions.Regex.IsMatch(rest.Substring(pipe), @"\|\s*(Export-Clixml|Microsoft\.PowerShell\.Utility\\Export-Clixml)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
                Try(t.Input, () =>
                {
                    t.Session.Features.Require(Type == CloudVmSecretType.Password ? CloudVmOperation.GetPassword : CloudVmOperation.GetSshPrivateKey);
                    var secret = Run(ct => t.Session.Api.GetSecretAsync(t.Vm, Type, ct));
                    secret.UserName = UserName;
                    if (AsPlainText) WriteObject(ApiCredential.Reveal(secret.Secret));
                    else if (AsCredential) WriteObject(new PSCredential(UserName, secret.Secret));
                    else WriteObject(secret);
                });
        }
    }
}

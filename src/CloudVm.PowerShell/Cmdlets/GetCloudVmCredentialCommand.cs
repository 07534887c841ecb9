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

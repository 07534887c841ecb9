using System.Management.Automation;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Gets a VM's login secret (its password, or the SSH private key generated at create) as a
    /// SecureString, as a PSCredential with -AsCredential, or as plain text only with -AsPlainText.</summary>
    [Cmdlet(VerbsCommon.Get, "CloudVmCredential", DefaultParameterSetName = ByVm)]
    [OutputType(typeof(CloudVmSecret), typeof(PSCredential), typeof(string))]
    public sealed class GetCloudVmCredentialCommand : VmTargetCmdlet
    {
        [Parameter]
        public CloudVmSecretType Type { get; set; } = CloudVmSecretType.Password;

        /// <summary>The user name for -AsCredential (default root).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "root";

        /// <summary>Returns a PSCredential (user name and the secret as its password).</summary>
        [Parameter]
        public SwitchParameter AsCredential { get; set; }

        /// <summary>Returns the secret as plain text. It will be visible on screen and in transcripts.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void BeginProcessing()
        {
            if (AsCredential && AsPlainText) ThrowCloudError(CloudVmException.Invalid("-AsCredential and -AsPlainText cannot be used together."), null);
        }

        protected override void ProcessRecord()
        {
            foreach (var t in Targets())
            {
                Try(t.Input, () =>
                {
                    var secrets = t.Session.Require<IVmSecrets>("reading login secrets");
                    if (!System.Linq.Enumerable.Contains(secrets.SecretTypes, Type)) throw CloudVmException.NotSupported(t.Session.Provider, $"reading the {Type}");
                    var secret = Run(ct => secrets.GetSecretAsync(t.Vm, Type, ct));
                    secret.UserName = UserName;
                    if (AsPlainText) WriteObject(ApiCredential.Reveal(secret.Secret));
                    else if (AsCredential) WriteObject(new PSCredential(UserName, secret.Secret));
                    else WriteObject(secret);
                });
            }
        }
    }
}

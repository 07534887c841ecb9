using System;
using System.Management.Automation;
using System.Security;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Connects to a provider account, checks the credentials with one read, and makes the
    /// session the default. The key comes from -ApiKey, -Credential, or $env:CLOUDVM_&lt;PROVIDER&gt;_API_KEY.</summary>
    [Cmdlet(VerbsCommunications.Connect, "CloudVm", DefaultParameterSetName = "ApiKey")]
    [OutputType(typeof(CloudVmSession))]
    public sealed class ConnectCloudVmCommand : CloudVmCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public CloudProvider Provider { get; set; }

        /// <summary>The API key as a SecureString (Read-Host -AsSecureString, Get-Secret, …).</summary>
        [Parameter(ParameterSetName = "ApiKey")]
        public SecureString? ApiKey { get; set; }

        /// <summary>e24cloud's API secret, with -ApiKey.</summary>
        [Parameter(ParameterSetName = "ApiKey")]
        public SecureString? ApiSecret { get; set; }

        /// <summary>The key as the password (and, for e24cloud, the key as user name and secret as password).</summary>
        [Parameter(ParameterSetName = "Credential", Mandatory = true)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The API's base URL; defaults to the provider's production endpoint. Plain http is allowed only on loopback.</summary>
        [Parameter]
        public Uri? Endpoint { get; set; }

        /// <summary>A name for the session (default: the provider's name).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        public string? Region { get; set; }

        [Parameter]
        public string? TenantId { get; set; }

        /// <summary>The header that carries the key, where a provider's page does not name one (VMgen).</summary>
        [Parameter]
        public string? AuthHeader { get; set; }

        /// <summary>Longest pause, in seconds, between two polls while waiting on jobs (default 5).</summary>
        [Parameter]
        [ValidateRange(0.05, 300)]
        public double MaxPollIntervalSeconds { get; set; } = 5;

        /// <summary>Does not make the new session the default.</summary>
        [Parameter]
        public SwitchParameter NoDefault { get; set; }

        /// <summary>Does not check the credentials with a first request.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        protected override void EndProcessing()
        {
            var env = $"CLOUDVM_{Provider.ToString().ToUpperInvariant()}_API_";
            SecureString? key, secret = null;
            if (Provider == CloudProvider.E24Cloud)
            {
                // e24cloud signs with a key and a secret: -Credential carries the key as the user name.
                key = ApiKey ?? (Credential != null ? ApiCredential.Protect(Credential.UserName) : null) ?? FromEnvironment(env + "KEY");
                secret = ApiSecret ?? Credential?.Password ?? FromEnvironment(env + "SECRET");
                if (key == null || key.Length == 0 || secret == null || secret.Length == 0)
                {
                    ThrowCloudError(CloudVmException.Invalid(
                        $"No API key and secret for e24cloud: give -Credential (key as user name, secret as password), -ApiKey with -ApiSecret, or set $env:{env}KEY and $env:{env}SECRET."), Provider);
                    return;
                }
            }
            else
            {
                if (ApiSecret != null) ThrowCloudError(CloudVmException.Invalid($"{ProviderCatalog.DisplayName(Provider)} takes no API secret; -ApiSecret is for e24cloud."), Provider);
                key = ApiKey ?? Credential?.Password ?? FromEnvironment(env + "KEY");
                if (key == null || key.Length == 0)
                {
                    ThrowCloudError(CloudVmException.Invalid(
                        $"No API key for {ProviderCatalog.DisplayName(Provider)}: give -ApiKey or -Credential, or set $env:{env}KEY."), Provider);
                    return;
                }
            }

            CloudVmSession session = null!;
            try
            {
                var endpoint = Endpoint != null ? ProviderCatalog.CheckEndpoint(Endpoint) : null;
                session = CloudVmSession.Create(new CloudVmSessionOptions
                {
                    Provider = Provider,
                    Name = Name,
                    Endpoint = endpoint,
                    Region = Region,
                    TenantId = TenantId,
                    AuthHeader = AuthHeader,
                    Credential = new ApiCredential(key!, secret),
                    MaxPollInterval = TimeSpan.FromSeconds(MaxPollIntervalSeconds),
                });
            }
            catch (CloudVmException e)
            {
                ThrowCloudError(e, Endpoint);
            }

            if (!SkipValidation)
            {
                WriteVerbose($"Checking the credentials with {session.Endpoint}");
                try
                {
                    Run(ct => session.Api.ListVmsAsync(new VmQuery { PageSize = 1 }, null, ct));
                }
                catch (CloudVmException e)
                {
                    ThrowCloudError(e, session);
                }
            }
            CloudVmSessionStore.Add(session, makeDefault: !NoDefault);
            WriteObject(session);
        }

        static SecureString? FromEnvironment(string name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(value) ? null : ApiCredential.Protect(value!);
        }
    }
}

using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using CloudVm.Connections;
using CloudVm.Providers;

namespace CloudVm.PowerShell
{
    /// <summary>Connects to a provider account, checks the credentials with one read, and makes the session the default.
    /// The key comes from -ApiKey, -Credential, a SecretManagement vault (-SecretName), a saved connection (-Saved), or
    /// $env:CLOUDVM_&lt;PROVIDER&gt;_API_KEY; the endpoint, region, tenant and auth header from their parameters or
    /// $env:CLOUDVM_&lt;PROVIDER&gt;_ENDPOINT, _REGION, _TENANT_ID, _AUTH_HEADER. -SaveAs keeps the connection for later
    /// (and for Start-Job, scheduled tasks and CI), with its secret in a vault, DPAPI (Windows) or the environment.</summary>
    [Cmdlet(VerbsCommunications.Connect, "CloudVm", DefaultParameterSetName = "ApiKey")]
    [OutputType(typeof(CloudVmSession))]
    public sealed class ConnectCloudVmCommand : CloudVmCmdlet
    {
        [Parameter(ParameterSetName = "ApiKey", Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = "Credential", Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = "Vault", Mandatory = true, Position = 0)]
        [Parameter(ParameterSetName = "Emulator", Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        public CloudProvider Provider { get; set; }

        /// <summary>A session on the in-process emulator of the provider: no account, no key, no socket. The emulated world
        /// is the module's example world (Reset-CloudVmEmulator cleans it); see about_CloudVm_Testing.</summary>
        [Parameter(ParameterSetName = "Emulator", Mandatory = true)]
        public SwitchParameter Emulator { get; set; }

        /// <summary>The API key as a SecureString (Read-Host -AsSecureString, Get-Secret, …).</summary>
        [Parameter(ParameterSetName = "ApiKey")]
        public SecureString? ApiKey { get; set; }

        /// <summary>e24cloud's API secret, with -ApiKey.</summary>
        [Parameter(ParameterSetName = "ApiKey")]
        public SecureString? ApiSecret { get; set; }

        /// <summary>The key as the password (e24cloud: the key as user name and the secret as password).</summary>
        [Parameter(ParameterSetName = "Credential", Mandatory = true)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The name of a SecretManagement secret that holds the key (e24cloud: a PSCredential or a hashtable).</summary>
        [Parameter(ParameterSetName = "Vault", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? SecretName { get; set; }

        /// <summary>The SecretManagement vault of -SecretName, or where -SaveAs keeps the key (default: the default vault).</summary>
        [Parameter(ParameterSetName = "ApiKey")]
        [Parameter(ParameterSetName = "Credential")]
        [Parameter(ParameterSetName = "Vault")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VaultCompleter))]
        public string? Vault { get; set; }

        /// <summary>Opens a connection saved with -SaveAs.</summary>
        [Parameter(ParameterSetName = "Saved", Mandatory = true, Position = 0)]
        [Alias("ConnectionName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public string? Saved { get; set; }

        /// <summary>The API's base URL; defaults to the provider's production endpoint. Plain http is allowed only on loopback.</summary>
        [Parameter]
        public Uri? Endpoint { get; set; }

        /// <summary>A name for the session (default: the provider's name, or the saved connection's). Reconnecting with the same name replaces it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>The header that carries the key, where a provider's page does not name one (VMgen).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuthHeader { get; set; }

        /// <summary>Longest pause, in seconds, between two polls while waiting on jobs (default 5).</summary>
        [Parameter]
        [ValidateRange(0.001, 300)]
        public double? MaxPollIntervalSeconds { get; set; }

        /// <summary>How long one request may take, in seconds (default 100).</summary>
        [Parameter]
        [ValidateRange(0.1, 3600)]
        public double? RequestTimeoutSeconds { get; set; }

        /// <summary>Answers larger than this are refused while they arrive (default 64).</summary>
        [Parameter]
        [ValidateRange(0.01, 4096)]
        public double? MaxResponseSizeMB { get; set; }

        /// <summary>The longest Retry-After CloudVm waits for by itself (default 120).</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public double? MaxRetryAfterSeconds { get; set; }

        /// <summary>Requests of this session in flight together (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int? ThrottleLimit { get; set; }

        /// <summary>Does not make the new session the default.</summary>
        [Parameter]
        public SwitchParameter NoDefault { get; set; }

        /// <summary>Does not check the credentials with a first request.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>Saves this connection under a name, for Connect-CloudVm -Saved (and Start-Job, scheduled tasks, CI).</summary>
        [Parameter(ParameterSetName = "ApiKey")]
        [Parameter(ParameterSetName = "Credential")]
        [Parameter(ParameterSetName = "Vault")]
        [ValidateWhole("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", "a connection name (a letter or digit, then letters, digits, '.', '_' or '-', at most 64)")]
        public string? SaveAs { get; set; }

        /// <summary>With -SaveAs: keep no secret; read it from $env:CLOUDVM_&lt;PROVIDER&gt;_API_KEY (and _API_SECRET) when connecting.</summary>
        [Parameter(ParameterSetName = "ApiKey")]
        [Parameter(ParameterSetName = "Credential")]
        public SwitchParameter SecretFromEnvironment { get; set; }

        protected override void EndProcessing()
        {
            CloudVmConnection? saved = null;
            if (ParameterSetName == "Saved")
            {
                saved = ConnectionFile.Read().FirstOrDefault(c => string.Equals(c.Name, Saved, StringComparison.OrdinalIgnoreCase));
                if (saved == null)
                    ThrowCloudError(CloudVmException.Invalid($"There is no saved connection '{Saved}' in {ConnectionFile.FilePath}; see Get-CloudVmConnection.", Saved), Saved);
                Provider = saved!.Provider;
            }
            var f = ProviderRegistry.Features(Provider);
            var env = $"CLOUDVM_{Provider.ToString().ToUpperInvariant()}_";
            RefuseWhatDoesNotApply(f);
            if (SecretFromEnvironment && SaveAs == null) ThrowCloudError(CloudVmException.Invalid("-SecretFromEnvironment goes with -SaveAs."), null);

            // On the emulator (-Emulator, or $env:CLOUDVM_EMULATOR for an unmodified script) no key is read from anywhere: the
            // emulator's own demo credentials take its place, and the endpoint is the emulator's.
            bool emulated = Emulator || CloudVmEmulator.Forced;
            if (Emulator && MyInvocation.BoundParameters.ContainsKey(nameof(Endpoint)))
                ThrowCloudError(CloudVmException.Invalid("-Endpoint does not go with -Emulator: the emulator answers at its own address."), Endpoint);
            if (emulated && !Emulator) WriteVerbose($"${CloudVmEmulator.EnvironmentVariable} is set: this session goes to the in-process emulator, and no key is read.");
            // (A placeholder until the engine puts the emulator's demo credentials in; random, so the redactor, which masks
            // every live credential in every error, can never mistake ordinary text for it.)
            var (key, secret) = emulated ? (ApiCredential.Protect(Guid.NewGuid().ToString("N")), null) : Key(f, env, saved);
            var options = new CloudVmSessionOptions
            {
                Emulated = Emulator,
                Provider = Provider,
                Name = Name ?? saved?.Name ?? SaveAs,
                Endpoint = Endpoint ?? saved?.Endpoint ?? Uri(Env(env + "ENDPOINT"), env + "ENDPOINT"),
                Region = Region ?? saved?.Region ?? Setting(f, ConnectionSetting.Region, env + "REGION"),
                TenantId = TenantId ?? saved?.TenantId ?? Setting(f, ConnectionSetting.TenantId, env + "TENANT_ID"),
                AuthHeader = AuthHeader ?? saved?.AuthHeader ?? Setting(f, ConnectionSetting.AuthHeader, env + "AUTH_HEADER"),
                Credential = new ApiCredential(key, secret),
            };
            if ((MaxPollIntervalSeconds ?? saved?.MaxPollIntervalSeconds) is double poll) options.MaxPollInterval = TimeSpan.FromSeconds(poll);
            if ((RequestTimeoutSeconds ?? saved?.RequestTimeoutSeconds) is double rt) options.RequestTimeout = TimeSpan.FromSeconds(rt);
            if ((MaxResponseSizeMB ?? saved?.MaxResponseSizeMB) is double mb) options.MaxResponseBytes = (long)(mb * 1024 * 1024);
            if ((MaxRetryAfterSeconds ?? saved?.MaxRetryAfterSeconds) is double ra) options.MaxRetryAfter = TimeSpan.FromSeconds(ra);
            if ((ThrottleLimit ?? saved?.ThrottleLimit) is int tl) options.ThrottleLimit = tl;

            CloudVmSession session = null!;
            try
            {
                session = CloudVmSessions.Create(options, Context.Clock);
            }
            catch (CloudVmException e)
            {
                ThrowCloudError(e, Endpoint);
            }
            session.SavedConnection = saved?.Name;

            if (!SkipValidation)
            {
                WriteVerbose($"Checking the credentials with {session.Endpoint}");
                try
                {
                    Run(ct => session.Api.ReadVmPageAsync(new VmQuery(), new PageRequest(0, 1, 1), ct));
                }
                catch (CloudVmException e)
                {
                    ThrowCloudError(e, session.Name);
                }
            }
            // Saved first: a connection that cannot be saved changes nothing (no session is added or made the default).
            if (SaveAs != null && session.IsEmulated)
                WriteWarning($"The session is on the in-process emulator, so it was not saved as '{SaveAs}' (nothing of a real connection changed).");
            else if (SaveAs != null)
            {
                Save(session, f, env);
                session.SavedConnection = SaveAs;
            }
            var before = Store.Sessions.FirstOrDefault(x => x.Identity == session.Identity);
            var oldName = before?.Name;
            var result = Store.Connect(session, makeDefault: !NoDefault, out var replaced);
            if (replaced != null) WriteWarning($"Session '{replaced.Name}' ({replaced.Features.DisplayName} {replaced.Endpoint}) was replaced by the new connection with the same name; objects read through it now need -Session.");
            if (!ReferenceEquals(result, session))
            {
                // One session per account: a second name for it renames that session (the objects read through it, and any
                // variable holding it, see the new name and stay connected).
                if (oldName != null && !string.Equals(oldName, result.Name, StringComparison.OrdinalIgnoreCase))
                    WriteWarning($"Session '{oldName}' is connected to the same account; it is now named '{result.Name}' (CloudVm keeps one session per account).");
                else WriteVerbose($"Reconnected session '{result.Name}': objects read through it before keep working.");
            }
            WriteObject(result);
        }

        /// <summary>A parameter that means nothing for the provider is an error before anything is sent.</summary>
        void RefuseWhatDoesNotApply(ProviderFeatures f)
        {
            void Check(string parameter, ConnectionSetting setting)
            {
                if (MyInvocation.BoundParameters.ContainsKey(parameter) && (f.ConnectionSettings & setting) == 0)
                    ThrowCloudError(CloudVmException.Invalid($"{f.DisplayName} takes no -{parameter}; it applies to {string.Join(", ", ProviderRegistry.All.Where(p => (p.ConnectionSettings & setting) != 0).Select(p => p.DisplayName))}."), parameter);
            }
            Check(nameof(ApiSecret), ConnectionSetting.ApiSecret);
            Check(nameof(Region), ConnectionSetting.Region);
            Check(nameof(TenantId), ConnectionSetting.TenantId);
            Check(nameof(AuthHeader), ConnectionSetting.AuthHeader);
        }

        static string? Env(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(v) ? null : v;
        }

        string? Setting(ProviderFeatures f, ConnectionSetting setting, string variable)
        {
            var v = Env(variable);
            if (v == null) return null;
            if ((f.ConnectionSettings & setting) == 0)
            {
                WriteVerbose($"${variable} is set but {f.DisplayName} takes no {setting}; it is not used.");
                return null;
            }
            return v;
        }

        Uri? Uri(string? value, string variable)
        {
            if (value == null) return null;
            if (System.Uri.TryCreate(value, UriKind.Absolute, out var u)) return u;
            ThrowCloudError(CloudVmException.Invalid($"${variable} is '{value}', which is not an absolute URL."), variable);
            return null;
        }

        (SecureString key, SecureString? secret) Key(ProviderFeatures f, string env, CloudVmConnection? saved)
        {
            SecureString? key = null, secret = null;
            bool withSecret = f.TakesApiSecret;
            string from;
            if (saved != null)
            {
                from = $"the saved connection '{saved.Name}'";
                (key, secret) = SavedSecret(saved, f, env);
            }
            else if (ParameterSetName == "Vault")
            {
                from = $"the secret '{SecretName}'";
                try { (key, secret) = SecretVault.KeyFrom(SecretVault.Get(this, SecretName!, Vault), f.TakesApiSecret); }
                catch (CloudVmException e) { ThrowCloudError(e, SecretName); }
            }
            else if (withSecret)
            {
                from = "-ApiKey/-ApiSecret, -Credential or the environment";
                key = ApiKey ?? (Credential != null ? ApiCredential.Protect(Credential.UserName) : null) ?? FromEnvironment(env + "API_KEY");
                secret = ApiSecret ?? Credential?.Password ?? FromEnvironment(env + "API_SECRET");
            }
            else
            {
                from = "-ApiKey, -Credential or the environment";
                key = ApiKey ?? Credential?.Password ?? FromEnvironment(env + "API_KEY");
            }
            if (key == null || key.Length == 0)
                ThrowCloudError(CloudVmException.Invalid($"No API key for {f.DisplayName} from {from}: give -ApiKey, -Credential or -SecretName, or set $env:{env}API_KEY."), Provider);
            if (withSecret && (secret == null || secret.Length == 0))
                ThrowCloudError(CloudVmException.Invalid($"No API secret for {f.DisplayName} from {from}: give -Credential (key as user name, secret as password), -ApiKey with -ApiSecret, or set $env:{env}API_KEY and $env:{env}API_SECRET."), Provider);
            return (key!, withSecret ? secret : null);
        }

        static SecureString? FromEnvironment(string name) => Env(name) is string v ? ApiCredential.Protect(v) : null;

        (SecureString? key, SecureString? secret) SavedSecret(CloudVmConnection c, ProviderFeatures f, string env)
        {
            try
            {
                switch (c.SecretStore)
                {
                    case CloudVmSecretStore.Vault:
                        return SecretVault.KeyFrom(SecretVault.Get(this, c.SecretName!, c.Vault), f.TakesApiSecret);
                    case CloudVmSecretStore.Dpapi:
                        return Dpapi.Read(this, c, f.TakesApiSecret);
                    default:
                        return (FromEnvironment(env + "API_KEY"), FromEnvironment(env + "API_SECRET"));
                }
            }
            catch (CloudVmException e)
            {
                ThrowCloudError(e, c.Name);
                return (null, null);
            }
        }

        /// <summary>Keeps the connection's settings in the per-user file and its secret where it belongs: the vault it came
        /// from (nothing to copy), else a SecretManagement vault, else DPAPI on Windows, else only with -SecretFromEnvironment.</summary>
        void Save(CloudVmSession session, ProviderFeatures f, string env)
        {
            var o = session.Options;
            var c = new CloudVmConnection
            {
                Name = SaveAs!, Provider = Provider, Endpoint = MyInvocation.BoundParameters.ContainsKey(nameof(Endpoint)) || Env(env + "ENDPOINT") != null ? session.Endpoint : null,
                Region = o.Region, TenantId = o.TenantId, AuthHeader = o.AuthHeader,
                MaxPollIntervalSeconds = MaxPollIntervalSeconds, RequestTimeoutSeconds = RequestTimeoutSeconds, MaxResponseSizeMB = MaxResponseSizeMB,
                MaxRetryAfterSeconds = MaxRetryAfterSeconds, ThrottleLimit = ThrottleLimit, SavedAt = DateTimeOffset.Now,
            };
            try
            {
                if (ParameterSetName == "Vault")
                {
                    c.SecretStore = CloudVmSecretStore.Vault;
                    c.Vault = Vault;
                    c.SecretName = SecretName;
                }
                else if (SecretFromEnvironment)
                {
                    c.SecretStore = CloudVmSecretStore.Environment;
                }
                else if (SecretVault.Available(this))
                {
                    c.SecretStore = CloudVmSecretStore.Vault;
                    c.Vault = Vault;
                    c.SecretName = "CloudVm-" + SaveAs;
                    c.SecretOwned = true;
                    object value = session.Options.Credential.HasSecret
                        ? new PSCredential(ApiCredential.Reveal(o.Credential.KeyCopy()), o.Credential.SecretCopy()!)
                        : (object)o.Credential.KeyCopy();
                    SecretVault.Set(this, c.SecretName, value, Vault);
                }
                else if (Environment.OSVersion.Platform == PlatformID.Win32NT)
                {
                    if (Vault != null) throw SecretVault.NotInstalled();
                    c.SecretStore = CloudVmSecretStore.Dpapi;
                    c.SecretName = SaveAs + ".secret.xml";
                    c.SecretOwned = true;
                    Dpapi.Write(this, c, o.Credential);
                }
                else
                {
                    throw new CloudVmException(CloudVmErrorKind.NotSupported,
                        $"CloudVm keeps saved secrets in a SecretManagement vault, or with DPAPI on Windows; neither is available here, so '{SaveAs}' was not saved.")
                    {
                        RecommendedAction = $"Install Microsoft.PowerShell.SecretManagement and a vault (Install-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore), or save with -SecretFromEnvironment to read the key from $env:{env}API_KEY when connecting.",
                    };
                }
                ConnectionFile.Update(all =>
                {
                    all.RemoveAll(x => string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase));
                    all.Add(c);
                    return all;
                });
                WriteVerbose($"Saved connection '{c.Name}' in {ConnectionFile.FilePath} (secret: {c.SecretStore}{(c.SecretName == null ? "" : " " + c.SecretName)}).");
            }
            catch (CloudVmException e)
            {
                ThrowCloudError(e, SaveAs);
            }
        }
    }

    /// <summary>Secrets protected with DPAPI for the current Windows user, as Export-Clixml of a PSCredential does
    /// (run through PowerShell itself, so it is exactly that format). Windows only.</summary>
    internal static class Dpapi
    {
        static string PathOf(CloudVmConnection c) => Path.Combine(ConnectionFile.Directory, c.SecretName!);

        public static void Write(PSCmdlet cmdlet, CloudVmConnection c, ApiCredential credential)
        {
            ConnectionFile.EnsureDirectory();
            var user = credential.HasSecret ? ApiCredential.Reveal(credential.KeyCopy()) : "cloudvm";
            var password = credential.HasSecret ? credential.SecretCopy()! : credential.KeyCopy();
            cmdlet.InvokeCommand.InvokeScript("param($p, $c) Export-Clixml -Path $p -InputObject $c -Force", true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, PathOf(c), new PSCredential(user, password));
        }

        public static (SecureString key, SecureString? secret) Read(PSCmdlet cmdlet, CloudVmConnection c, bool takesSecret)
        {
            if (Environment.OSVersion.Platform != PlatformID.Win32NT)
                throw new CloudVmException(CloudVmErrorKind.NotSupported, $"The saved connection '{c.Name}' keeps its secret with DPAPI, which only Windows can read.");
            var path = PathOf(c);
            if (!File.Exists(path)) throw new CloudVmException(CloudVmErrorKind.NotFound, $"The saved connection '{c.Name}' has lost its secret file {path}; save it again with Connect-CloudVm -SaveAs.");
            var result = cmdlet.InvokeCommand.InvokeScript("param($p) Import-Clixml -Path $p", true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, path);
            if (!(result.FirstOrDefault()?.BaseObject is PSCredential cred)) throw CloudVmException.Invalid($"{path} does not hold a credential.");
            return takesSecret ? (ApiCredential.Protect(cred.UserName), cred.Password) : (cred.Password, null);
        }

        public static void Delete(CloudVmConnection c)
        {
            var path = PathOf(c);
            if (File.Exists(path)) File.Delete(path);
        }
    }
}

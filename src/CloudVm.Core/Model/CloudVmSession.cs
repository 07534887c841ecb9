using System;
using System.Runtime.InteropServices;
using System.Security;
using CloudVm.Providers;

namespace CloudVm
{
    /// <summary>A key (and, for e24cloud, a secret) kept as SecureStrings. It is revealed only while a
    /// request is being authenticated and never appears in ToString, a view or a trace.</summary>
    public sealed class ApiCredential
    {
        readonly SecureString key;
        readonly SecureString? secret;

        public ApiCredential(SecureString key, SecureString? secret = null)
        {
            this.key = key.Copy();
            this.key.MakeReadOnly();
            if (secret != null)
            {
                this.secret = secret.Copy();
                this.secret.MakeReadOnly();
            }
        }

        public bool HasSecret => secret != null;
        internal string RevealKey() => Reveal(key);
        internal string RevealSecret() => secret == null ? "" : Reveal(secret);
        public override string ToString() => "ApiCredential(***)";

        public static string Reveal(SecureString s)
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(s);
                return Marshal.PtrToStringUni(ptr) ?? "";
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        public static SecureString Protect(string plain)
        {
            var s = new SecureString();
            foreach (var c in plain) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }
    }

    /// <summary>Everything Connect-CloudVm was told: provider, endpoint, region, credentials.</summary>
    public sealed class CloudVmSessionOptions
    {
        public CloudProvider Provider { get; set; }
        public string? Name { get; set; }
        public Uri? Endpoint { get; set; }
        public string? Region { get; set; }
        public string? TenantId { get; set; }
        /// <summary>Header that carries the key where the provider's page does not name one (VMgen).</summary>
        public string? AuthHeader { get; set; }
        public ApiCredential Credential { get; set; } = null!;
        /// <summary>Longest pause between two polls of a job. Waits start fast and slow down to this.</summary>
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
    }

    /// <summary>A connection to one provider account. Connect-CloudVm makes it (and makes it the default);
    /// every object read through it remembers it.</summary>
    public sealed class CloudVmSession
    {
        internal CloudVmSession(CloudVmSessionOptions options, Func<CloudVmSession, ICloudProvider> clientFactory)
        {
            Options = options;
            Name = string.IsNullOrEmpty(options.Name) ? options.Provider.ToString() : options.Name!;
            Client = clientFactory(this);
        }

        public Guid Id { get; } = Guid.NewGuid();
        public string Name { get; }
        public CloudProvider Provider => Options.Provider;
        public Uri Endpoint => Client.Endpoint;
        public string? Region => Options.Region;
        public string? TenantId => Options.TenantId;
        public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.Now;
        public TimeSpan MaxPollInterval => Options.MaxPollInterval;
        public bool IsDefault => ReferenceEquals(CloudVmSessionStore.Default, this);
        public bool IsConnected { get; internal set; } = true;

        internal CloudVmSessionOptions Options { get; }
        internal ICloudProvider Client { get; }

        /// <summary>The provider client as a capability, or the typed "does not support" error.</summary>
        internal T Require<T>(string operation, string? hint = null) where T : class
        {
            if (!IsConnected) throw new CloudVmException(CloudVmErrorKind.NoSession, $"Session '{Name}' was disconnected. Run Connect-CloudVm again.");
            return Client as T ?? throw CloudVmException.NotSupported(Provider, operation, hint);
        }

        internal ICloudProvider Api
        {
            get
            {
                if (!IsConnected) throw new CloudVmException(CloudVmErrorKind.NoSession, $"Session '{Name}' was disconnected. Run Connect-CloudVm again.");
                return Client;
            }
        }

        public override string ToString() => $"{Name} ({ProviderCatalog.DisplayName(Provider)} {Endpoint})";

        /// <summary>Creates a session (does not make it the default; the cmdlet does that).</summary>
        public static CloudVmSession Create(CloudVmSessionOptions options) => new CloudVmSession(options, ProviderCatalog.CreateClient);
    }
}

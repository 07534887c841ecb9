using System;

namespace CloudVm
{
    /// <summary>Where a saved connection's secret is kept.</summary>
    public enum CloudVmSecretStore
    {
        /// <summary>A SecretManagement vault (SecretStore, KeePass, Azure Key Vault, …).</summary>
        Vault,
        /// <summary>A file protected with DPAPI for the current Windows user (what Export-Clixml of a PSCredential does).</summary>
        Dpapi,
        /// <summary>Not saved: read from $env:CLOUDVM_&lt;PROVIDER&gt;_API_KEY (and _API_SECRET) when connecting.</summary>
        Environment,
    }

    /// <summary>A saved connection: everything Connect-CloudVm needs except the secret itself, which lives in a vault,
    /// a DPAPI-protected file or the environment. Never holds or shows the secret.</summary>
    public sealed class CloudVmConnection
    {
        public string Name { get; set; } = "";
        public CloudProvider Provider { get; set; }
        public Uri? Endpoint { get; set; }
        public string? Region { get; set; }
        public string? TenantId { get; set; }
        public string? AuthHeader { get; set; }
        public double? MaxPollIntervalSeconds { get; set; }
        public double? RequestTimeoutSeconds { get; set; }
        public double? MaxResponseSizeMB { get; set; }
        public double? MaxRetryAfterSeconds { get; set; }
        public int? ThrottleLimit { get; set; }
        public CloudVmSecretStore SecretStore { get; set; }
        /// <summary>The vault (null: SecretManagement's default vault).</summary>
        public string? Vault { get; set; }
        /// <summary>The secret's name in the vault, or the DPAPI file's name.</summary>
        public string? SecretName { get; set; }
        /// <summary>CloudVm made the secret (and removes it with the connection); false for a secret the user named.</summary>
        public bool SecretOwned { get; set; }
        public DateTimeOffset SavedAt { get; set; }
        public override string ToString() => $"{Name} ({Provider.DisplayName}, secret in {SecretStore})";
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace CloudVm
{
    /// <summary>A cloud the module speaks to: the name scripts use (<c>Gpcn</c>) and the name it goes by (<c>GPCN</c>).
    /// An extensible enum, the Azure SDK's shape (<c>AzureLocation</c>, <c>ResourceType</c>): the five clouds are its static
    /// members, a provider the registry adds (a test's fake cloud) is one more, and it converts from its name as an enum
    /// does (<c>-Provider gpcn</c>, <c>[CloudVm.CloudProvider]'Gpcn'</c>, <c>$vm.Provider -eq 'Gpcn'</c>); an unknown name is
    /// an error that lists the known ones. Equality and order are the definition's (names compare case-insensitively).</summary>
    public readonly struct CloudProvider : IEquatable<CloudProvider>, IComparable<CloudProvider>, IComparable
    {
        static readonly object Gate = new();
        static CloudProvider[] defined = Array.Empty<CloudProvider>();

        readonly string? name;
        readonly string? display;
        readonly int order;

        CloudProvider(string name, string display, int order)
        {
            this.name = name;
            this.display = display;
            this.order = order;
        }

        public static CloudProvider Gpcn { get; } = Define("Gpcn", "GPCN");
        public static CloudProvider E24Cloud { get; } = Define("E24Cloud", "e24cloud");
        public static CloudProvider Vps247 { get; } = Define("Vps247", "VPS247");
        public static CloudProvider VmGen { get; } = Define("VmGen", "VMgen");
        public static CloudProvider Magalu { get; } = Define("Magalu", "Magalu Cloud");

        /// <summary>The name scripts use (<c>-Provider Gpcn</c>), the same in saved connections and environment variables.</summary>
        public string Name => name ?? "";
        /// <summary>The name the provider goes by, in messages and views.</summary>
        public string DisplayName => display ?? Name;

        /// <summary>Every provider defined, in the order they were defined.</summary>
        public static IReadOnlyList<CloudProvider> Defined => Volatile.Read(ref defined);

        /// <summary>Defines a provider (its descriptor does, when it is registered); defining a name again gives the same
        /// provider. Internal: a script cannot invent one.</summary>
        internal static CloudProvider Define(string name, string displayName)
        {
            if (name == null || name.Length is 0 or > 32 || !char.IsLetter(name[0]) || name.Any(c => c > 127 || !char.IsLetterOrDigit(c)))
                throw new ArgumentException($"'{name}' is not a provider name: a letter, then letters and digits, at most 32.", nameof(name));
            lock (Gate)
            {
                foreach (var p in defined)
                    if (string.Equals(p.name, name, StringComparison.OrdinalIgnoreCase))
                        return string.Equals(p.display, displayName, StringComparison.Ordinal) ? p
                            : throw new ArgumentException($"The provider '{name}' is already defined as '{p.display}'.", nameof(name));
                var made = new CloudProvider(name, displayName, defined.Length);
                var next = new CloudProvider[defined.Length + 1];
                Array.Copy(defined, next, defined.Length);
                next[defined.Length] = made;
                Volatile.Write(ref defined, next);
                return made;
            }
        }

        public static bool TryParse(string? value, out CloudProvider provider)
        {
            foreach (var p in Defined)
                if (string.Equals(p.name, value, StringComparison.OrdinalIgnoreCase)) { provider = p; return true; }
            provider = default;
            return false;
        }

        /// <summary>The provider of that name (any case); what PowerShell calls to convert a string.</summary>
        public static CloudProvider Parse(string value) => TryParse(value, out var p) ? p
            : throw new ArgumentException($"'{Input.Neutralize(value ?? "")}' is not a provider; use one of {string.Join(", ", Defined.Select(d => d.Name))}.", nameof(value));

        public bool Equals(CloudProvider other) => string.Equals(name, other.name, StringComparison.OrdinalIgnoreCase);
        public override bool Equals(object? obj) => obj is CloudProvider p && Equals(p);
        public override int GetHashCode() => name == null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(name);
        public int CompareTo(CloudProvider other) => order.CompareTo(other.order);
        int IComparable.CompareTo(object? obj) => obj is CloudProvider p ? CompareTo(p) : obj is string s ? CompareTo(Parse(s)) : 1;
        public static bool operator ==(CloudProvider a, CloudProvider b) => a.Equals(b);
        public static bool operator !=(CloudProvider a, CloudProvider b) => !a.Equals(b);
        public static bool operator <(CloudProvider a, CloudProvider b) => a.CompareTo(b) < 0;
        public static bool operator <=(CloudProvider a, CloudProvider b) => a.CompareTo(b) <= 0;
        public static bool operator >(CloudProvider a, CloudProvider b) => a.CompareTo(b) > 0;
        public static bool operator >=(CloudProvider a, CloudProvider b) => a.CompareTo(b) >= 0;
        public override string ToString() => Name;
    }

    /// <summary>A VM's state, the same words for every provider. The provider's own word is kept in
    /// <see cref="VirtualMachine.ProviderStatus"/>; each provider maps its words in its feature descriptor.</summary>
    public enum CloudVmStatus
    {
        Unknown,
        Creating,
        Starting,
        Running,
        Stopping,
        Stopped,
        Suspended,
        Rebooting,
        Resizing,
        Deleting,
        Deleted,
        Error,
    }

    /// <summary>What a <see cref="CloudVmJob"/> is doing.</summary>
    public enum CloudVmJobState
    {
        Pending,
        Running,
        Completed,
        Failed,
    }

    /// <summary>Power operations. Not every provider has every one (see Get-CloudVmProvider).</summary>
    public enum PowerAction
    {
        Start,
        Stop,
        /// <summary>Power off without a graceful shutdown.</summary>
        ForceStop,
        /// <summary>Graceful reboot through the guest OS.</summary>
        Restart,
        /// <summary>Hard reset: power-cycle without a graceful shutdown.</summary>
        Reset,
        Suspend,
    }

    /// <summary>What a job does. The provider's own word, where it has one, is in <see cref="CloudVmJob.ProviderOperation"/>.</summary>
    public enum CloudVmJobOperation
    {
        Other,
        Create,
        Start,
        Stop,
        ForceStop,
        Restart,
        Reset,
        Suspend,
        Resize,
        Rename,
        SetResourceGroup,
        Delete,
        AddNetworkInterface,
        RemoveNetworkInterface,
        SetPrimaryNetworkInterface,
        AddPublicIp,
        RemovePublicIp,
        NewSnapshot,
        RemoveSnapshot,
        RenameSnapshot,
        RestoreSnapshot,
        CopySnapshot,
        NewBackup,
        RemoveBackup,
        RenameBackup,
        RestoreBackup,
        CopyBackup,
    }

    /// <summary>Which login secret of a VM.</summary>
    public enum CloudVmSecretType
    {
        Password,
        SshPrivateKey,
    }

    /// <summary>Snapshots and backups: the two kinds of copy of a VM (Magalu Cloud).</summary>
    public enum CloudVmCopyKind
    {
        Snapshot,
        Backup,
    }

    /// <summary>What a job is about when it is not a VM itself (<see cref="CloudVmJob.ResourceKind"/>).</summary>
    public enum CloudVmResourceKind
    {
        Snapshot,
        Backup,
        NetworkInterface,
        /// <summary>A provider task that carries the work (VPS247).</summary>
        Task,
        /// <summary>A resource CloudVm has no kind for; <see cref="CloudVmJob.ResourceType"/> keeps the provider's word.</summary>
        Other,
    }

    /// <summary>The words for the kinds, said once: what users read (jobs' ResourceType, prompts, progress).</summary>
    public static class CloudVmKinds
    {
        public static string Word(this CloudVmCopyKind kind) => kind == CloudVmCopyKind.Snapshot ? "snapshot" : "backup";

        public static CloudVmResourceKind Resource(this CloudVmCopyKind kind) => kind == CloudVmCopyKind.Snapshot ? CloudVmResourceKind.Snapshot : CloudVmResourceKind.Backup;

        public static string? Word(this CloudVmResourceKind kind) => kind switch
        {
            CloudVmResourceKind.Snapshot => "snapshot",
            CloudVmResourceKind.Backup => "backup",
            CloudVmResourceKind.NetworkInterface => "network-interface",
            CloudVmResourceKind.Task => "task",
            _ => null,
        };

        /// <summary>A provider's word for a resource, as a kind (Other for a word CloudVm does not know).</summary>
        public static CloudVmResourceKind Parse(string word) => word.Replace("-", "").Replace("_", "").ToLowerInvariant() switch
        {
            "snapshot" => CloudVmResourceKind.Snapshot,
            "backup" => CloudVmResourceKind.Backup,
            "networkinterface" or "nic" => CloudVmResourceKind.NetworkInterface,
            "task" => CloudVmResourceKind.Task,
            _ => CloudVmResourceKind.Other,
        };
    }

    /// <summary>How a provider's VM list is paged.</summary>
    public enum PagingStyle
    {
        /// <summary>The whole list in one answer.</summary>
        None,
        /// <summary>page and limit (GPCN), with a total.</summary>
        PageNumber,
        /// <summary>_offset and _limit (Magalu), without a total.</summary>
        Offset,
    }
}
